"""The command line behaves as users of command-line tools expect: ``--version``, ``python -m
derivcheck``, data on stdout and errors on stderr, documented exit codes, and colour only on a
terminal that has not asked for none (``NO_COLOR``)."""

import os
import pty
import re
import subprocess
import sys

import derivcheck

ESC = "\x1b["
COLOUR = re.compile(r"\x1b\[(?:\d+;)*(?:3[0-8]|9[0-7])(?:;\d+)*m")  # an SGR foreground colour (bold is not one)


def run(*args, env=None):
    env = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "derivcheck", *args], capture_output=True, text=True,
                          timeout=300, env=env)


def on_a_terminal(args, env):
    """stdout as a terminal sees it (a pseudo-terminal), for the colour rules."""
    env = dict(os.environ, **env)
    env.pop("FORCE_COLOR", None)
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execvpe(sys.executable, [sys.executable, "-m", "derivcheck", *args], env)
    chunks = []
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode("utf-8", "replace")


def test_version_and_module_entry_point():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"derivcheck {derivcheck.__version__}"


def test_usage_errors_go_to_stderr_with_status_2(tmp_path):
    out = run("check", str(tmp_path / "missing.toml"), env={"DERIVCHECK_CACHE_DIR": str(tmp_path / "c")})
    assert out.returncode == 2 and out.stdout == "" and "no such file" in out.stderr


def test_colour_only_on_a_terminal_without_no_color(tmp_path):
    answers = tmp_path / "a.toml"
    answers.write_text('[[claim]]\nid = "a"\nstatement = "(x+1)^2 = x^2 + 1"\n')
    env = {"DERIVCHECK_CACHE_DIR": str(tmp_path / "cache")}
    piped = run("check", str(answers), "--jobs", "1", env=env)
    assert piped.returncode == 1 and "REFUTED" in piped.stdout and ESC not in piped.stdout
    assert COLOUR.search(on_a_terminal(["check", str(answers), "--jobs", "1"], env))
    plain = on_a_terminal(["check", str(answers), "--jobs", "1"], dict(env, NO_COLOR="1"))
    assert "REFUTED" in plain and not COLOUR.search(plain)
