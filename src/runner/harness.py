# mockloop's test harness. It runs inside the sandbox as an unprivileged user, reads one job as
# JSON on stdin, runs the candidate's code on each case, and writes one JSON report, framed by a
# per-run nonce, to the stdout it held before any candidate code ran. Expected values never enter
# the sandbox: the server compares results outside, so a program that tampers with this report can
# only misreport its own answers.
import copy
import io
import json
import os
import sqlite3
import sys
import time
import traceback

MAX_CAPTURE = 64 * 1024
MAX_ROWS = 10_000
SOLUTION = "solution.py"


class BoundedText(io.TextIOBase):
    """A stdout replacement that keeps the first MAX_CAPTURE characters and counts the rest."""

    def __init__(self):
        self.parts = []
        self.size = 0
        self.truncated = False

    def writable(self):
        return True

    def write(self, text):
        room = MAX_CAPTURE - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(len(text), room)
        if len(text) > room:
            self.truncated = True
        return len(text)

    def value(self):
        return "".join(self.parts)


def plain(value, depth=0):
    """Turns a return value into JSON: tuples and sets become lists, anything else its repr."""
    if depth > 50:
        raise ValueError("the return value is nested too deeply")
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return repr(value)
        return value
    if isinstance(value, (list, tuple)):
        return [plain(item, depth + 1) for item in value]
    if isinstance(value, (set, frozenset)):
        items = [plain(item, depth + 1) for item in value]
        try:
            return sorted(items)
        except TypeError:
            return items
    if isinstance(value, dict):
        return {str(key): plain(item, depth + 1) for key, item in value.items()}
    return {"__repr__": repr(value)[:200]}


def candidate_traceback(error):
    """The traceback limited to the candidate's own frames, with their line numbers."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == SOLUTION]
    lines = [f"  line {f.lineno}, in {f.name}" for f in frames]
    return "\n".join(lines + [f"{type(error).__name__}: {error}"])


def error_status(error):
    if isinstance(error, MemoryError):
        return "memory_limit"
    if isinstance(error, RecursionError):
        return "runtime_error"
    return "runtime_error"


def run_python(job):
    try:
        code = compile(job["code"], SOLUTION, "exec")
    except SyntaxError as error:
        return {"status": "compile_error", "error": f"line {error.lineno}: {error.msg}", "cases": []}
    namespace = {"__name__": "solution"}
    module_output = BoundedText()
    try:
        sys.stdout, sys.stderr = module_output, module_output
        exec(code, namespace)
    except BaseException as error:  # noqa: BLE001 - the candidate's code may raise anything
        return {"status": error_status(error), "error": candidate_traceback(error),
                "stdout": module_output.value(), "cases": []}
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    entry = namespace.get(job["entry"])
    if not callable(entry):
        return {"status": "runtime_error", "error": f"define a function named {job['entry']}",
                "stdout": module_output.value(), "cases": []}
    cases = []
    for case in job["cases"]:
        output = BoundedText()
        started = time.perf_counter()
        result = {"name": case["name"]}
        try:
            sys.stdout, sys.stderr = output, output
            got = entry(*copy.deepcopy(case["args"]))
            result["got"] = plain(got)
            result["status"] = "ok"
        except BaseException as error:  # noqa: BLE001
            result["status"] = error_status(error)
            result["error"] = candidate_traceback(error)
        finally:
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        result["time_ms"] = round((time.perf_counter() - started) * 1000, 3)
        result["stdout"] = output.value()
        result["stdout_truncated"] = output.truncated
        cases.append(result)
    return {"status": "ok", "stdout": module_output.value(), "cases": cases}


def deny_attach(action, *_):
    # Only the fresh in-memory database may be used: no ATTACH of files, no extension loading.
    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def run_sql_case(job, case):
    connection = sqlite3.connect(":memory:")
    connection.executescript(job.get("schema") or "")
    if case.get("setup"):
        connection.executescript(case["setup"])
    connection.set_authorizer(deny_attach)
    deadline = time.monotonic() + job["case_seconds"]
    connection.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 10_000)
    try:
        cursor = connection.execute(job["code"])
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchmany(MAX_ROWS + 1)
    finally:
        connection.close()
    if len(rows) > MAX_ROWS:
        return {"status": "output_limit", "error": f"the query returned more than {MAX_ROWS} rows"}
    return {"status": "ok", "got": {"columns": columns, "rows": [plain(list(row)) for row in rows]}}


def run_sql(job):
    cases = []
    for case in job["cases"]:
        started = time.perf_counter()
        try:
            result = run_sql_case(job, case)
        except sqlite3.OperationalError as error:
            message = str(error)
            if "interrupted" in message:
                result = {"status": "time_limit", "error": "the query ran past its time limit"}
            elif "syntax error" in message or "incomplete input" in message:
                return {"status": "compile_error", "error": message, "cases": []}
            else:
                result = {"status": "runtime_error", "error": message}
        except (sqlite3.Error, sqlite3.Warning, ValueError) as error:
            result = {"status": "runtime_error", "error": str(error)}
        except MemoryError:
            result = {"status": "memory_limit", "error": "the query ran out of memory"}
        result["name"] = case["name"]
        result["time_ms"] = round((time.perf_counter() - started) * 1000, 3)
        cases.append(result)
    return {"status": "ok", "cases": cases}


def main():
    report_fd = os.dup(1)
    job = json.loads(sys.stdin.read())
    nonce = job["nonce"]
    sys.setrecursionlimit(10_000)
    try:
        report = run_python(job) if job["language"] == "python" else run_sql(job)
    except MemoryError:
        report = {"status": "memory_limit", "error": "out of memory", "cases": []}
    text = json.dumps(report)
    os.write(report_fd, ("\n" + nonce + text + "\n").encode())


main()
