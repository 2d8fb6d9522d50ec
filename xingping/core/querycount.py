"""`X-Query-Count` on every response, for benchmarks only: settings add this middleware when
`XINGPING_QUERY_COUNT_HEADER=1` (bench/pages.py sets it on the server it starts)."""

from django.db import connections


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        wrappers = [connections[alias].execute_wrapper(counter) for alias in connections]
        for w in wrappers:
            w.__enter__()
        try:
            response = self.get_response(request)
            if hasattr(response, "render") and callable(response.render) and not getattr(response, "is_rendered", True):
                response.render()
        finally:
            for w in reversed(wrappers):
                w.__exit__(None, None, None)
        response["X-Query-Count"] = str(count[0])
        return response
