"""The worker's OpenAPI 3.1 document, written by hand and served at ``/v1/openapi.json``.

The request schema carries the configured caps and lab ids, so the document
describes this worker as it runs; ``tests/worker/test_openapi.py`` checks it
against the routes and the real responses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from labs_worker.settings import Settings
from labs_worker.signing import SIGNATURE_PATTERN
from quiz_engine.content.persona import Persona

__all__ = ["ERROR_CODES", "openapi_document"]

#: Every ``error.code`` the worker can answer with, JSON or SSE.
ERROR_CODES = (
    "invalid_json",
    "invalid_request",
    "system_role_not_allowed",
    "message_too_long",
    "too_many_turns",
    "invalid_signature",
    "body_too_large",
    "body_timeout",
    "origin_not_allowed",
    "unsupported_media_type",
    "worker_busy",
    "unknown_lab",
    "not_found",
    "method_not_allowed",
    "rate_limited",
    "client_budget_spent",
    "budget_spent",
    "limits_unavailable",
    "upstream_auth",
    "upstream_busy",
    "upstream_error",
    "upstream_unreachable",
    "upstream_broken",
    "upstream_timeout",
    "internal_error",
    "credentials_off",
    "not_passed",
    "unknown_version",
    "roster_unavailable",
)


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _credential_paths(settings: Settings) -> dict[str, Any]:
    """The completion-credential endpoints."""
    return {
        "/v1/credentials": {
            "post": {
                "operationId": "issueCredential",
                "summary": "Grade a Module Test's answers; when they pass, issue a signed "
                "Open Badges 3.0 credential (VC-JWT, EdDSA)",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/CredentialRequest"}}},
                },
                "responses": {
                    "201": {
                        "description": "The worker's own grading passed; the credential was "
                        "issued and recorded in the roster.",
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/CredentialIssued"}}},
                    },
                    "400": _error("The body is not JSON, or is malformed: a bad name or "
                                  "e-mail, an unknown quiz, question or option, or a question "
                                  "of the test left unanswered."),
                    "403": _error("The request comes from a site this worker doesn't serve."),
                    "408": _error("The body took too long to arrive."),
                    "409": _error("The page was built from another version of the test or a "
                                  "quiz than the worker grades against (`unknown_version`)."),
                    "413": _error(f"The body is over {settings.max_body_bytes} bytes."),
                    "415": _error("The body isn't sent as application/json."),
                    "422": _error("Below the pass mark (`not_passed`, with `score`, `total` "
                                  "and `needed`); nothing was issued."),
                    "429": _error("Too many credential requests from this client; see "
                                  "Retry-After."),
                    "503": _error("No signing key is set (`credentials_off`), the roster or "
                                  "the limits can't be reached, or the worker is busy."),
                },
            }
        },
        "/v1/credentials/jwks.json": {
            "get": {
                "operationId": "credentialKeys",
                "summary": "The public keys credentials are signed with (a JWKS; empty "
                "when no key is set)",
                "responses": {"200": {
                    "description": "The JWKS.",
                    "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Jwks"}}},
                }},
            }
        },
        "/v1/credentials/status": {
            "get": {
                "operationId": "credentialStatus",
                "summary": "The revocation status list: a BitstringStatusListCredential "
                "signed as a VC-JWT",
                "responses": {
                    "200": {
                        "description": "A compact JWT whose `vc` is a "
                        "BitstringStatusListCredential (W3C Bitstring Status List v1.0).",
                        "content": {"application/vc+jwt": {"schema": {
                            "type": "string",
                            "pattern": "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$",
                        }}},
                    },
                    "503": _error("No signing key is set, or the roster can't be reached."),
                },
            }
        },
    }


def _credential_schemas() -> dict[str, Any]:
    answers = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "content_version", "answers"],
        "properties": {
            "id": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
                   "description": "The quiz's (or test's) id, e.g. `module-test`."},
            "content_version": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
                                "description": "The content version the page was built "
                                "with (`data-quiz-version`)."},
            "answers": {
                "type": "object",
                "propertyNames": {"maxLength": 64},
                "additionalProperties": {"type": "string", "maxLength": 8},
                "description": "Question id → option id; the test needs every question.",
            },
        },
    }
    return {
        "QuizAnswers": answers,
        "CredentialRequest": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name", "test"],
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 100,
                         "description": "The name to appear on the certificate: 1 to 100 "
                         "characters once spaces are trimmed, no control characters."},
                "email": {"type": ["string", "null"], "maxLength": 254,
                          "description": "Optional; stored and shown only as a salted hash."},
                "test": {"$ref": "#/components/schemas/QuizAnswers"},
                "quizzes": {"type": "array", "maxItems": 50,
                            "items": {"$ref": "#/components/schemas/QuizAnswers"}},
            },
        },
        "CredentialIssued": {
            "type": "object",
            "required": ["credential", "id", "score", "total", "passed"],
            "properties": {
                "credential": {"type": "string", "description": "The compact VC-JWT."},
                "id": {"type": "string", "pattern": "^urn:uuid:"},
                "score": {"type": "integer", "minimum": 0},
                "total": {"type": "integer", "minimum": 1},
                "passed": {"const": True},
            },
        },
        "Jwks": {
            "type": "object",
            "required": ["keys"],
            "properties": {"keys": {"type": "array", "items": {
                "type": "object",
                "required": ["kty", "crv", "x", "kid"],
                "properties": {"kty": {"const": "OKP"}, "crv": {"const": "Ed25519"},
                               "x": {"type": "string"}, "kid": {"type": "string"},
                               "alg": {"const": "EdDSA"}, "use": {"const": "sig"}},
            }}},
        },
    }


def openapi_document(settings: Settings, personas: Mapping[str, Persona]) -> dict[str, Any]:
    """The OpenAPI document for a worker with these ``settings`` and ``personas``."""
    message = {
        "type": "object",
        "additionalProperties": False,
        "required": ["role", "content"],
        "properties": {
            "role": {"enum": ["user", "assistant"]},
            "content": {"type": "string", "minLength": 1, "maxLength": settings.max_message_chars},
            "signature": {
                "type": "string",
                "pattern": SIGNATURE_PATTERN,
                "description": "On the peer's replies only: the `signature` of the `done` "
                "event that ended that reply. Required on every assistant turn (but an "
                "opening message that leads the transcript) when the worker signs replies "
                "(`LABS_SIGNING_SECRET`); ignored otherwise.",
            },
        },
        "if": {"properties": {"role": {"const": "user"}}},
        "then": {"not": {"required": ["signature"]}},
    }
    chat_request = {
        "type": "object",
        "additionalProperties": False,
        "required": ["messages"],
        "properties": {
            "messages": {
                "type": "array",
                "minItems": 1,
                "maxItems": 2 * settings.max_turns + 1,
                "items": {"$ref": "#/components/schemas/Message"},
                "description": "The conversation so far, ending with the learner's message. "
                f"At most {settings.max_turns} messages from the learner.",
            }
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Module 8 labs worker",
            "version": "1",
            "description": "Proxies the course's AI-peer labs to an LLM provider (or the "
            "offline practice peer) with rate limits and a daily token budget, and issues "
            "completion credentials for a passing Module Test.",
        },
        "paths": {
            "/healthz": {
                "get": {
                    "operationId": "healthz",
                    "summary": "Liveness check",
                    "responses": {
                        "200": {
                            "description": "The worker is up.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Health"}
                                }
                            },
                        }
                    },
                }
            },
            "/v1/labs": {
                "get": {
                    "operationId": "listLabs",
                    "summary": "The labs this worker serves, with each peer's opening message",
                    "responses": {
                        "200": {
                            "description": "The labs.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/LabList"}
                                }
                            },
                        }
                    },
                }
            },
            "/v1/labs/{lab_id}/chat": {
                "post": {
                    "operationId": "chat",
                    "summary": "Stream the peer's next reply as Server-Sent Events",
                    "parameters": [
                        {
                            "name": "lab_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "enum": sorted(personas)},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ChatRequest"}
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "`data:` events, each a JSON ChatEvent: any number "
                            "of `delta`, then one `done` or one `error`.",
                            "content": {
                                "text/event-stream": {
                                    "schema": {"$ref": "#/components/schemas/ServerSentEvent"}
                                }
                            },
                        },
                        "400": _error("The body is not JSON."),
                        "403": _error("The request comes from a site this worker doesn't "
                                      "serve (its Origin isn't allowed)."),
                        "404": _error("No such lab."),
                        "408": _error("The body took too long to arrive."),
                        "413": _error(f"The body is over {settings.max_body_bytes} bytes."),
                        "415": _error("The body isn't sent as application/json."),
                        "422": _error("The body breaks the schema or a cap."),
                        "429": _error("Too many requests, or this client's share of the "
                                      "day's budget is used; see Retry-After."),
                        "502": _error("The provider failed or refused the worker's key."),
                        "503": _error("The daily budget is spent, the provider is busy, or "
                                      "the limits can't be checked."),
                        "504": _error("The provider timed out."),
                    },
                }
            },
            **_credential_paths(settings),
            "/v1/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "responses": {"200": {"description": "The OpenAPI document."}},
                }
            },
        },
        "components": {
            "schemas": {
                **_credential_schemas(),
                "Message": message,
                "ChatRequest": chat_request,
                "ServerSentEvent": {
                    "description": "One event of the stream (OpenAPI 3.1: `schema` describes "
                    "each event); its `data` is a ChatEvent as JSON.",
                    "type": "object",
                    "required": ["data"],
                    "properties": {
                        "data": {
                            "type": "string",
                            "contentMediaType": "application/json",
                            "contentSchema": {"$ref": "#/components/schemas/ChatEvent"},
                        }
                    },
                },
                "ChatEvent": {
                    "oneOf": [
                        {
                            "type": "object",
                            "required": ["type", "text"],
                            "properties": {"type": {"const": "delta"}, "text": {"type": "string"}},
                        },
                        {
                            "type": "object",
                            "required": ["type", "finish_reason", "usage"],
                            "properties": {
                                "type": {"const": "done"},
                                "finish_reason": {"enum": ["stop", "length"]},
                                "usage": {"$ref": "#/components/schemas/Usage"},
                                "signature": {
                                    "type": "string",
                                    "pattern": SIGNATURE_PATTERN,
                                    "description": "When the worker signs replies: the HMAC "
                                    "of the conversation up to and including this reply. "
                                    "Store it on the reply and send it back with it.",
                                },
                            },
                        },
                        {
                            "type": "object",
                            "required": ["type", "code", "message"],
                            "properties": {
                                "type": {"const": "error"},
                                "code": {"enum": list(ERROR_CODES)},
                                "message": {"type": "string"},
                            },
                        },
                    ]
                },
                "Usage": {
                    "type": "object",
                    "required": ["input_tokens", "output_tokens", "estimated"],
                    "properties": {
                        "input_tokens": {"type": "integer", "minimum": 0},
                        "output_tokens": {"type": "integer", "minimum": 0},
                        "estimated": {"type": "boolean"},
                    },
                },
                "Lab": {
                    "type": "object",
                    "required": ["id", "title", "peer", "opening_message"],
                    "properties": {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "peer": {"type": "string"},
                        "opening_message": {"type": "string"},
                    },
                },
                "LabList": {
                    "type": "object",
                    "required": ["labs", "provider"],
                    "properties": {
                        "labs": {"type": "array", "items": {"$ref": "#/components/schemas/Lab"}},
                        "provider": {
                            "enum": ["practice", "openai", "anthropic"],
                            "description": "`practice` means the offline practice peer answers.",
                        },
                    },
                },
                "Health": {
                    "type": "object",
                    "required": ["status", "provider"],
                    "properties": {
                        "status": {"const": "ok"},
                        "provider": {"type": "string"},
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": {
                                "code": {"enum": list(ERROR_CODES)},
                                "message": {
                                    "type": "string",
                                    "description": "Plain words a learner can act on.",
                                },
                            },
                        }
                    },
                },
            }
        },
    }
