"""Compiled templates kept between builds (`core.template_cache` under Jinja's bytecode cache): the same output as a fresh
compile, never another source's or another setting's code."""

from __future__ import annotations

import jinja2

from soapbox.core.template_cache import namespace
from soapbox.mkdocs.incremental import Compiled as KeptBytecode


def _env(folder, **options) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), **options)


class Counting(jinja2.Environment):
    compiled = 0

    def _compile(self, source, filename):
        Counting.compiled += 1
        return super()._compile(source, filename)


def test_a_new_environment_reuses_the_compiled_code_and_sees_an_edited_source(tmp_path):
    (tmp_path / "t").mkdir()
    page = tmp_path / "t" / "page.html"
    page.write_text("Hello {{ name }}!")
    cache = KeptBytecode()
    Counting.compiled = 0
    for _ in range(3):  # three builds of a serve session, each with a new environment
        env = Counting(loader=jinja2.FileSystemLoader(str(tmp_path / "t")))
        cache.attach(env, None)
        assert env.get_template("page.html").render(name="Ana") == "Hello Ana!"
    assert Counting.compiled == 1
    page.write_text("Bye {{ name }}.")
    env = Counting(loader=jinja2.FileSystemLoader(str(tmp_path / "t")))
    cache.attach(env, None)
    assert env.get_template("page.html").render(name="Ana") == "Bye Ana."
    assert Counting.compiled == 2


def test_the_code_on_disk_serves_a_new_process_and_a_damaged_file_is_compiled_again(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("{% for x in xs %}[{{ x }}]{% endfor %}")
    folder = tmp_path / "cache"
    first = _env(tmp_path / "t")
    KeptBytecode().attach(first, folder)
    assert first.get_template("page.html").render(xs=[1, 2]) == "[1][2]"
    files = [f for f in folder.rglob("*") if f.is_file()]
    assert len(files) == 1
    Counting.compiled = 0
    second = Counting(loader=jinja2.FileSystemLoader(str(tmp_path / "t")))
    KeptBytecode().attach(second, folder)  # a new process: an empty memory
    assert second.get_template("page.html").render(xs=[3]) == "[3]"
    assert Counting.compiled == 0
    files[0].write_bytes(b"not bytecode")
    third = Counting(loader=jinja2.FileSystemLoader(str(tmp_path / "t")))
    KeptBytecode().attach(third, folder)
    assert third.get_template("page.html").render(xs=[4]) == "[4]"
    assert Counting.compiled == 1


def test_environments_that_compile_differently_never_share_code(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("{% if true %}\n  x\n{% endif %}\n")
    cache = KeptBytecode()
    plain, trimmed = _env(tmp_path / "t"), _env(tmp_path / "t", trim_blocks=True)
    assert namespace(plain) != namespace(trimmed)
    cache.attach(plain, tmp_path / "cache")
    assert plain.get_template("page.html").render() == "\n  x\n"
    cache.attach(trimmed, tmp_path / "cache")
    assert trimmed.get_template("page.html").render() == "  x\n"
