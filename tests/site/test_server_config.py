"""The server settings the build fills in: .htaccess and web.config in the
site, and `handbook server-config` for nginx."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from authoring.site.server_config import CODE_PLACEHOLDER, CSP_PLACEHOLDER, DEPLOY_DIR, csp_from_headers
from tests.support.cli import handbook
from tests.support.site_data import code_dir


def _csp(site_dir) -> str:
    csp = csp_from_headers((site_dir / "_headers").read_text(encoding="utf-8"))
    assert csp and "sha256-" in csp and "'wasm-unsafe-eval'" in csp
    return csp


@pytest.mark.parametrize("name, template", [(".htaccess", "apache.conf"), ("web.config", "web.config")])
def test_the_built_site_carries_apache_and_iis_settings_with_its_own_policy(site_dir, name, template):
    written = (site_dir / name).read_text(encoding="utf-8")
    code = code_dir(site_dir).relative_to(site_dir).as_posix()
    expected = (DEPLOY_DIR / template).read_text(encoding="utf-8").replace(CSP_PLACEHOLDER, _csp(site_dir))
    assert written == expected.replace(CODE_PLACEHOLDER, code)
    assert CSP_PLACEHOLDER not in written and CODE_PLACEHOLDER not in written


def test_the_iis_settings_in_the_site_are_well_formed_and_send_the_policy(site_dir):
    root = ET.parse(site_dir / "web.config").getroot()
    headers = {h.get("name"): h.get("value") for h in root.iter("add") if h.get("name")}
    assert headers["Content-Security-Policy"] == _csp(site_dir)
    kept = {
        place.get("path")
        for place in root.iter("location")
        for cache in place.iter("clientCache")
        if "immutable" in (cache.get("cacheControlCustom") or "")
    }
    assert kept == {"assets/pyodide", code_dir(site_dir).relative_to(site_dir).as_posix()}
    types = {m.get("fileExtension"): m.get("mimeType") for m in root.iter("mimeMap")}
    assert types[".wasm"] == "application/wasm"
    assert types[".mjs"] == "text/javascript"
    assert types[".whl"] == "application/zip"


def test_the_settings_templates_are_not_published_as_pages(site_dir):
    assert not (site_dir / "deploy").exists()


def test_server_config_prints_the_nginx_settings_with_the_built_policy(site_dir, root):
    result = handbook("server-config", "nginx", "--site-dir", str(site_dir), cwd=root)
    assert result.returncode == 0, result.stderr
    template = (DEPLOY_DIR / "nginx.conf").read_text(encoding="utf-8")
    assert result.stdout == template.replace(CSP_PLACEHOLDER, _csp(site_dir))


def test_server_config_prints_the_iis_settings_with_the_built_policy_and_code_folder(site_dir, root):
    result = handbook("server-config", "iis", "--site-dir", str(site_dir), cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (site_dir / "web.config").read_text(encoding="utf-8")


def test_server_config_without_a_built_site_says_so_in_one_line(tmp_path, root):
    result = handbook("server-config", "iis", "--site-dir", str(tmp_path / "nowhere"), cwd=root)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "build the site first" in result.stderr
    assert "Traceback" not in result.stderr
