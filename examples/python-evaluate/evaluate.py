#!/usr/bin/env python3
"""Evaluate a Precept policy and list its latest decisions, from the OpenAPI document alone.

Standard library only. The script knows one URL, the OpenAPI document's; every other request is
found in that document by operationId (signIn, evaluate_<policy> or evaluate, searchDecisions), and
the server's address is the document's `servers` entry, resolved against the document's URL.

    PRECEPT_API_KEY=pk_... python3 evaluate.py --policy service-performance-scorecard --facts facts.json

Exit codes: 0 done, 1 the server refused a request (its error is printed), 2 a bad command line,
file or document.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

DEFAULT_OPENAPI = "http://127.0.0.1:3000/api/v1/openapi.json"


class DocumentError(Exception):
    """The OpenAPI document lacks what the script needs."""


class ApiError(Exception):
    """An error answer of the API: its status and the one error body."""

    def __init__(self, status, body):
        error = body.get("error", {}) if isinstance(body, dict) else {}
        self.status = status
        self.code = error.get("code", "HTTP_%d" % status)
        self.issues = error.get("issues") or []
        super().__init__(error.get("message", "HTTP %d" % status))

    def describe(self):
        lines = ["error %s (HTTP %d): %s" % (self.code, self.status, self)]
        lines += ["  %s: %s" % (issue.get("path"), issue.get("message")) for issue in self.issues]
        return "\n".join(lines)


def request(method, url, token=None, body=None):
    """Sends one JSON request; returns the parsed answer or raises ApiError."""
    headers = {"accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        headers["content-type"] = "application/json"
    if token:
        headers["authorization"] = "Bearer " + token
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8", "replace")
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = {"error": {"message": text[:200]}}
        raise ApiError(error.code, parsed) from None


class Api:
    """The operations of an OpenAPI document, called by operationId."""

    def __init__(self, document_url, document, token=None):
        self.document = document
        self.token = token
        servers = document.get("servers") or [{"url": "/"}]
        self.base = urllib.parse.urljoin(document_url, servers[0]["url"]).rstrip("/")
        self.operations = {}
        for path, item in document.get("paths", {}).items():
            for method, operation in item.items():
                if isinstance(operation, dict) and "operationId" in operation:
                    self.operations[operation["operationId"]] = (method.upper(), path, operation)

    @classmethod
    def load(cls, document_url, token=None):
        return cls(document_url, request("GET", document_url, token), token)

    def has(self, operation_id):
        return operation_id in self.operations

    def operation(self, operation_id):
        if operation_id not in self.operations:
            raise DocumentError("the OpenAPI document has no operation %r" % operation_id)
        return self.operations[operation_id]

    def call(self, operation_id, path_params=None, body=None):
        method, path, _ = self.operation(operation_id)
        for name, value in (path_params or {}).items():
            path = path.replace("{%s}" % name, urllib.parse.quote(str(value), safe=""))
        return request(method, self.base + path, self.token, body)

    def schema(self, schema):
        """Follows a local $ref."""
        while isinstance(schema, dict) and "$ref" in schema:
            node = self.document
            for part in schema["$ref"].lstrip("#/").split("/"):
                node = node[part]
            schema = node
        return schema


def facts_schema(api, operation):
    """The facts schema of a per-policy evaluate operation, if the document names one."""
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    properties = api.schema(body.get("schema", {})).get("properties", {})
    return api.schema(properties.get("facts", {}))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--openapi", default=os.environ.get("PRECEPT_OPENAPI_URL", DEFAULT_OPENAPI),
                        help="URL of the OpenAPI document (default %(default)s or PRECEPT_OPENAPI_URL)")
    parser.add_argument("--policy", required=True, help="policy key, e.g. service-performance-scorecard")
    parser.add_argument("--facts", help="JSON file with the facts ('-' for standard input); "
                                        "without it, print the facts the policy needs and stop")
    parser.add_argument("--as-of", help="YYYY-MM-DD or an ISO instant (default: now)")
    parser.add_argument("--limit", type=int, default=5, help="how many decisions to list (default 5)")
    args = parser.parse_args(argv)

    token = os.environ.get("PRECEPT_API_KEY") or os.environ.get("PRECEPT_TOKEN")
    username = os.environ.get("PRECEPT_USERNAME")
    try:
        if not token and username:
            anonymous = Api.load(args.openapi)
            signed_in = anonymous.call("signIn", body={
                "username": username, "password": os.environ.get("PRECEPT_PASSWORD", ""), "issueToken": True})
            token = signed_in["token"]
        if not token:
            print("no credentials: set PRECEPT_API_KEY (an API key with the scopes evaluate and decisions), "
                  "or PRECEPT_USERNAME and PRECEPT_PASSWORD (see README.md)", file=sys.stderr)
            return 2
        # Read with the credential: the document then has one operation per policy, naming its facts.
        api = Api.load(args.openapi, token)

        per_policy = "evaluate_" + args.policy
        if api.has(per_policy):
            schema = facts_schema(api, api.operation(per_policy)[2])
            fields = schema.get("properties", {})
            required = set(schema.get("required", []))
            if args.facts is None:
                print("facts of %s:" % args.policy)
                for name, field in fields.items():
                    mark = "required" if name in required else "optional"
                    print("  %-28s %-8s %s" % (name, mark, field.get("description", "")))
                return 0
        elif args.facts is None:
            print("the document names no facts for %s (is it published, and may this credential use it?)"
                  % args.policy, file=sys.stderr)
            return 2

        try:
            if args.facts == "-":
                facts = json.load(sys.stdin)
            else:
                with open(args.facts, encoding="utf-8") as handle:
                    facts = json.load(handle)
        except (OSError, ValueError) as error:
            print("cannot read the facts: %s" % error, file=sys.stderr)
            return 2

        body = {"facts": facts, "trace": False}
        if args.as_of:
            body["asOf"] = args.as_of
        if api.has(per_policy):
            decision = api.call(per_policy, body=body)
        else:
            decision = api.call("evaluate", {"policyKey": args.policy}, body)
        print("decision %s: %s v%d as of %s" % (
            decision["decisionId"], decision["policyKey"], decision["version"], decision["asOf"]))
        print("outcome: %s" % json.dumps(decision["outcome"], ensure_ascii=False, sort_keys=True))

        page = api.call("searchDecisions", body={"policyKey": args.policy, "limit": args.limit})
        print("latest decisions of %s:" % args.policy)
        for item in page["items"]:
            print("  %s  %s  v%d  %-12s  caller %s%s" % (
                item["id"], item["createdAt"], item["version"], item["verdict"], item["caller"],
                "  (personal data masked)" if item.get("masked") else ""))
        return 0
    except ApiError as error:
        print(error.describe(), file=sys.stderr)
        return 1
    except DocumentError as error:
        print(error, file=sys.stderr)
        return 2
    except (urllib.error.URLError, OSError) as error:
        print("cannot reach %s: %s" % (args.openapi, error), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
