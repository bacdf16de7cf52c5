"""Deploy targets other than ``python -m labs_worker``."""
