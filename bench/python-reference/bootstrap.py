"""A minimal Lambda runtime loop for the reference function (what a custom runtime's bootstrap does).

Init: import the handler module named by _HANDLER ("module.function") from the task root; on failure post
/runtime/init/error and exit. Then forever: GET /runtime/invocation/next, call the handler, POST the result to
/response or the exception to /error. One keep-alive HTTP connection to AWS_LAMBDA_RUNTIME_API, standard library
only, like the managed runtime's client.
"""
import http.client
import importlib
import json
import os
import sys

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
PREFIX = "/2018-06-01/runtime"
connection = http.client.HTTPConnection(API, timeout=None)


def post(path, payload, headers=None):
    body = json.dumps(payload).encode()
    connection.request("POST", PREFIX + path, body=body,
                       headers={"Content-Type": "application/json", **(headers or {})})
    connection.getresponse().read()


def error_payload(exc):
    return {"errorMessage": str(exc), "errorType": type(exc).__name__}


class Context:
    def __init__(self, request_id, deadline_ms, function_arn):
        self.aws_request_id = request_id
        self.invoked_function_arn = function_arn
        self._deadline_ms = deadline_ms
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")

    def get_remaining_time_in_millis(self):
        import time
        return max(0, self._deadline_ms - int(time.time() * 1000))


def main():
    module_name, function_name = os.environ.get("_HANDLER", "lambda_function.handler").rsplit(".", 1)
    sys.path.insert(0, os.environ.get("LAMBDA_TASK_ROOT", os.getcwd()))
    try:
        handler = getattr(importlib.import_module(module_name), function_name)
    except Exception as exc:  # init error: report it and stop, as the managed runtime does
        post("/init/error", error_payload(exc), {"Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError"})
        sys.exit(1)
    while True:
        connection.request("GET", PREFIX + "/invocation/next")
        response = connection.getresponse()
        event = json.loads(response.read())
        request_id = response.getheader("Lambda-Runtime-Aws-Request-Id")
        context = Context(request_id, int(response.getheader("Lambda-Runtime-Deadline-Ms", "0")),
                          response.getheader("Lambda-Runtime-Invoked-Function-Arn"))
        try:
            result = handler(event, context)
        except Exception as exc:
            post(f"/invocation/{request_id}/error", error_payload(exc),
                 {"Lambda-Runtime-Function-Error-Type": "Unhandled"})
            continue
        post(f"/invocation/{request_id}/response", result)


if __name__ == "__main__":
    main()
