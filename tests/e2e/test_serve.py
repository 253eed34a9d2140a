"""`ams serve` itself: SIGTERM is the ordinary way to stop it (README,
"Operating it"), so it finishes and exits 0."""
import signal


def test_sigterm_stops_the_server_with_exit_code_zero(server):
    server.proc.send_signal(signal.SIGTERM)
    assert server.proc.wait(timeout=20) == 0
