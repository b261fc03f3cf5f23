#!/usr/bin/env python3
"""End-to-end test of `erlint lsp` with a small LSP client over pipes.

Starts the real server, opens a Bicep file with an NSG on GatewaySubnet (gateway_subnet_nsg.bicep,
shared with nvim_client_test.lua), waits for the ER-NS-001 diagnostic, asks for hover and code
actions, applies the "ignore on this line" action through an incremental didChange, sees the
diagnostic go away, then shuts the server down (exit code 0).
Usage: lsp_client_test.py ERLINT_BINARY RULES_DIR
"""
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import urllib.parse

TIMEOUT = 60

BICEP = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "gateway_subnet_nsg.bicep")).read()


class Client:
    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.inbox = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode().partition(":")
                headers[name.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body))

    def send(self, message):
        message["jsonrpc"] = "2.0"
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def wait_for(self, predicate, what):
        while True:
            try:
                message = self.inbox.get(timeout=TIMEOUT)
            except queue.Empty:
                fail(f"timed out waiting for {what}")
            if message is None:
                fail(f"the server closed its output while waiting for {what}")
            if predicate(message):
                return message

    def request(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        self.send({"id": request_id, "method": method, "params": params})
        reply = self.wait_for(lambda m: m.get("id") == request_id and "method" not in m, f"the reply to {method}")
        if "error" in reply:
            fail(f"{method} failed: {reply['error']}")
        return reply["result"]


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    erlint, rules_dir = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="erlint-lsp-e2e-") as root:
        path = os.path.join(root, "main.bicep")
        with open(path, "w") as f:
            f.write(BICEP)
        uri = "file://" + urllib.parse.quote(path)
        client = Client([erlint, "lsp", "--rules-dir", rules_dir, "--jobs", "1"])

        result = client.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + urllib.parse.quote(root),
                                               "capabilities": {}})
        if result["capabilities"]["textDocumentSync"]["change"] != 2:
            fail("the server does not declare incremental sync")
        client.notify("initialized", {})
        client.notify("textDocument/didOpen",
                      {"textDocument": {"uri": uri, "languageId": "bicep", "version": 1, "text": BICEP}})

        def published(version):
            return lambda m: (m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                              and m["params"].get("version") == version)

        params = client.wait_for(published(1), "diagnostics of version 1")["params"]
        findings = [d for d in params["diagnostics"] if d.get("code") == "ER-NS-001"]
        if len(findings) != 1:
            fail(f"expected one ER-NS-001 diagnostic, got {params['diagnostics']}")
        finding = findings[0]
        if finding["range"]["start"] != {"line": 15, "character": 10}:
            fail(f"ER-NS-001 at the wrong place: {finding['range']}")
        print("ok - ER-NS-001 published at 15:10")

        hover = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 15, "character": 20}})
        if not hover or "GatewaySubnet has a network security group" not in hover["contents"]["value"]:
            fail(f"hover without the rule's title: {hover}")
        print("ok - hover explains the rule")

        actions = client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": finding["range"],
                                                             "context": {"diagnostics": [finding]}})
        titles = [a["title"] for a in actions]
        if "Ignore ER-NS-001 on this line" not in titles:
            fail(f"no ignore action among {titles}")
        edit = actions[titles.index("Ignore ER-NS-001 on this line")]["edit"]["changes"][uri][0]
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                                 "contentChanges": [{"range": edit["range"], "text": edit["newText"]}]})
        params = client.wait_for(published(2), "diagnostics of version 2")["params"]
        if any(d.get("code") == "ER-NS-001" for d in params["diagnostics"]):
            fail(f"the ignore comment did not suppress ER-NS-001: {params['diagnostics']}")
        print("ok - the ignore action's edit suppresses the finding")

        client.request("shutdown", None)
        client.notify("exit", None)
        try:
            code = client.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            client.proc.kill()
            fail("the server did not exit after shutdown/exit")
        if code != 0:
            fail(f"exit code {code} after shutdown and exit; stderr: {client.proc.stderr.read().decode()}")
        print("ok - shutdown and exit with code 0")
    print("4 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
