def failed_filters(idea):
    failed = []
    # Filter 1: real data in less than 2 hours.
    # Filter 2: a metric that names a number.
    # Filter 3: at least one architectural choice of her own.
    return failed


viable = ...
