"""A minimal OTLP/gRPC trace receiver: the collector's TraceService, keeping
what it is sent in memory.

Tests start one on a free loopback port and point the real exporter at it.
`python -m tests.otlp_receiver PORT` runs one on its own, counting spans and
printing the count when stopped (the tracing benchmark's receiver).
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from concurrent import futures

import grpc
from opentelemetry.proto.collector.trace.v1 import (
    trace_service_pb2,
    trace_service_pb2_grpc,
)
from opentelemetry.proto.trace.v1.trace_pb2 import ResourceSpans


class OtlpReceiver(trace_service_pb2_grpc.TraceServiceServicer):
    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self.resource_spans: list[ResourceSpans] = []
        self.span_count = 0
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._server: grpc.Server | None = None
        self.port = 0

    def Export(self, request, context):
        with self._arrived:
            for resource_spans in request.resource_spans:
                if self.keep:
                    self.resource_spans.append(resource_spans)
                for scope_spans in resource_spans.scope_spans:
                    self.span_count += len(scope_spans.spans)
            self._arrived.notify_all()
        return trace_service_pb2.ExportTraceServiceResponse()

    def start(self, port: int = 0) -> OtlpReceiver:
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        trace_service_pb2_grpc.add_TraceServiceServicer_to_server(self, self._server)
        self.port = self._server.add_insecure_port(f"127.0.0.1:{port}")
        self._server.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop(grace=None)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_for_spans(self, count: int, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._arrived:
            while self.span_count < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._arrived.wait(left)
        return True

    def spans(self) -> list[tuple[dict[str, object], object]]:
        """Every span received, with its resource's attributes as a dict."""
        with self._lock:
            return [
                (attributes(resource_spans.resource.attributes), span)
                for resource_spans in self.resource_spans
                for scope_spans in resource_spans.scope_spans
                for span in scope_spans.spans
            ]


def attributes(key_values) -> dict[str, object]:
    """OTLP KeyValue pairs as a dict of plain values."""
    result = {}
    for pair in key_values:
        kind = pair.value.WhichOneof("value")
        result[pair.key] = getattr(pair.value, kind) if kind else None
    return result


def main() -> None:
    receiver = OtlpReceiver(keep=False).start(int(sys.argv[1]))
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    print(f"listening on {receiver.endpoint}", flush=True)
    stopped.wait()
    receiver.stop()
    print(f"received {receiver.span_count} spans", flush=True)


if __name__ == "__main__":
    main()
