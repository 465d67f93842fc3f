"""deploy/ cannot drift from the app or from itself.

No Docker engine or cluster runs here, so the files are parsed and the values that must
agree are compared: one port (FTROI_PORT's default in ``SETTINGS_DOC``) everywhere, the
health paths, settings that exist and are complete for their mode, the Slack app
manifest's URLs, limits and the comments justifying its scopes, and the Dockerfile's
layering and user. The manifest's commands, events, paths and scopes are checked against
the app itself in test_manifest_app.py.
"""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from bot.slack.settings import SETTINGS_DOC, SettingsError, SlackSettings
from storage.bootstrap import sqlite_path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "kubernetes"
DOCKERFILE = DEPLOY / "Dockerfile"
MANIFEST = DEPLOY / "slack-app-manifest.yml"
COMPOSE = DEPLOY / "compose.yaml"
ENV_EXAMPLE = DEPLOY / ".env.example"
DOCKERIGNORE = ROOT / ".dockerignore"

DEFAULTS = {name: default for name, default, _meaning in SETTINGS_DOC}
PORT = int(DEFAULTS["FTROI_PORT"])
NO_DEFAULT = {name for name, default in DEFAULTS.items() if default == "—"}
SECRET_SETTINGS = {"FTROI_DATABASE_URL", *NO_DEFAULT}

#: The settings each way of running needs (bot/slack/settings.py), proven below.
MODES = {
    "http": {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"},
    "oauth": {"SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET"},
    "socket": {"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN"},
}
SAMPLE = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}

EVENTS_PATH = "/slack/events"
OAUTH_REDIRECT_PATH = "/slack/oauth_redirect"

YAML_FILES = sorted(
    [*DEPLOY.glob("*.yml"), *DEPLOY.glob("*.yaml"), *K8S.glob("*.yaml")], key=str
)


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- every file parses -------------------------------------------------------------------

def test_the_deploy_files_are_all_there():
    names = {p.relative_to(DEPLOY).as_posix() for p in YAML_FILES}
    assert names == {
        "compose.yaml", "slack-app-manifest.yml", "kubernetes/configmap.yaml",
        "kubernetes/deployment.yaml", "kubernetes/kustomization.yaml", "kubernetes/pdb.yaml",
        "kubernetes/secret.yaml", "kubernetes/service.yaml",
    }
    assert DOCKERFILE.is_file() and DOCKERIGNORE.is_file() and ENV_EXAMPLE.is_file()


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(DEPLOY).as_posix())
def test_every_yaml_file_parses_to_one_mapping(path: Path):
    documents = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
    assert len(documents) == 1 and isinstance(documents[0], dict), path


# --- the Dockerfile ----------------------------------------------------------------------

def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order: comment lines dropped (Docker drops them inside a
    continued instruction too), backslash continuations joined."""
    instructions: list[tuple[str, str]] = []
    current = ""
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        current = (current + line).strip()
        if current:
            keyword, _, arguments = current.partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
        current = ""
    return instructions


def dockerfile_args(keyword: str) -> list[str]:
    return [arguments for kw, arguments in dockerfile() if kw == keyword]


def dockerfile_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for arguments in dockerfile_args("ENV"):
        for pair in shlex.split(arguments):
            name, _, value = pair.partition("=")
            env[name] = value
    return env


def image_user() -> tuple[int, int]:
    (user,) = dockerfile_args("USER")
    uid, _, gid = user.partition(":")
    return int(uid), int(gid or uid)


def test_the_image_is_slim_python_3_11():
    (base,) = dockerfile_args("FROM")
    assert base.startswith("python:3.11-slim")


def test_the_image_runs_as_the_non_root_user_it_creates():
    # Numeric, so Kubernetes' runAsNonRoot can check it; the user the RUN creates.
    uid, gid = image_user()
    assert uid != 0 and gid != 0
    runs = " ".join(dockerfile_args("RUN"))
    assert re.search(rf"useradd [^&]*--uid {uid}\b", runs)
    assert re.search(rf"groupadd [^&]*--gid {gid}\b", runs)


def test_exposes_and_listens_on_ftroi_port_default():
    assert dockerfile_args("EXPOSE") == [str(PORT)]
    assert dockerfile_env()["FTROI_PORT"] == str(PORT)


def test_healthcheck_gets_healthz_on_the_port_with_the_standard_library():
    (healthcheck,) = dockerfile_args("HEALTHCHECK")
    options, _, command = healthcheck.partition("CMD ")
    assert "NONE" not in options
    argv = json.loads(command)
    assert argv[:2] == ["python", "-c"]
    code = argv[2]
    assert "urllib.request" in code and "/healthz" in code
    # The port it asks is FTROI_PORT at run time, falling back to the default.
    assert f"os.environ.get('FTROI_PORT', '{PORT}')" in code


def test_dependencies_are_installed_before_the_source_is_copied():
    steps = dockerfile()
    copies = [(i, arguments.split()[:-1]) for i, (kw, arguments) in enumerate(steps)
              if kw == "COPY"]
    installs = [i for i, (kw, arguments) in enumerate(steps)
                if kw == "RUN" and "pip install" in arguments]
    first_copy, first_sources = copies[0]
    assert first_sources == ["pyproject.toml"]
    deps_install = installs[0]
    assert first_copy < deps_install
    assert "--no-deps" not in steps[deps_install][1]
    source_copies = [i for i, sources in copies[1:]]
    assert source_copies and all(i > deps_install for i in source_copies)
    # The package itself is installed after its source, without resolving dependencies again.
    assert any(i > max(source_copies) and "--no-deps" in steps[i][1] for i in installs)


def copied_sources() -> set[str]:
    return {source.rstrip("/") for arguments in dockerfile_args("COPY")
            for source in arguments.split()[:-1]}


def test_the_image_copies_every_package_pyproject_installs():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = {pattern.rstrip("*") for pattern in
                project["tool"]["setuptools"]["packages"]["find"]["include"]}
    assert packages | {"pyproject.toml", project["project"]["readme"]} == copied_sources()


def test_cmd_runs_ftroi_serve_in_exec_form():
    (cmd,) = dockerfile_args("CMD")
    assert json.loads(cmd) == ["ftroi", "serve"]


def test_sqlite_by_default_in_the_data_volume_owned_by_the_app_user():
    url = dockerfile_env()["FTROI_DATABASE_URL"]
    assert sqlite_path(url).startswith("/data/")
    assert json.loads(dockerfile_args("VOLUME")[0]) == ["/data"]
    runs = " ".join(dockerfile_args("RUN"))
    assert re.search(r"chown ftroi:ftroi /data\b", runs)


def test_the_image_sets_only_known_settings():
    for name in dockerfile_env():
        if name.startswith(("FTROI_", "SLACK_")):
            assert name in DEFAULTS, name
    assert not NO_DEFAULT & set(dockerfile_env()), "no secret is baked into the image"


# --- .dockerignore (the build context is the repository root) ----------------------------

def dockerignore_allows(path: str) -> bool:
    """Docker's rule: the last pattern that matches the path or one of its parents wins."""
    allowed = True
    parts = path.split("/")
    candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    for raw in DOCKERIGNORE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        pattern = line.removeprefix("!").strip("/")
        regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
        if any(re.fullmatch(regex, candidate) for candidate in candidates):
            allowed = negate
    return allowed


def test_dockerignore_lets_in_what_the_image_copies_and_nothing_else():
    for source in copied_sources():
        top = ROOT / source
        files = [top] if top.is_file() else [p for p in top.rglob("*.py")]
        for file in files:
            relative = file.relative_to(ROOT).as_posix()
            assert dockerignore_allows(relative), relative
    for kept_out in (".git/config", ".venv/bin/python", "ftroi.db", "bot/ftroi.db-wal",
                     "engine/__pycache__/roi.cpython-311.pyc", "tests/test_docs.py",
                     "deploy/.env", "ftroi-charts/a.png"):
        assert not dockerignore_allows(kept_out), kept_out


# --- settings: known names, complete for their mode --------------------------------------

@pytest.mark.parametrize("mode", sorted(MODES))
def test_each_mode_needs_exactly_its_settings(mode: str):
    env = {name: SAMPLE.get(name, "x") for name in MODES[mode]}
    assert SlackSettings.from_env(env).mode == mode
    for missing in MODES[mode]:
        with pytest.raises(SettingsError):
            SlackSettings.from_env({k: v for k, v in env.items() if k != missing})


def test_the_modes_cover_every_setting_without_a_default():
    assert set().union(*MODES.values()) == NO_DEFAULT


# --- compose -----------------------------------------------------------------------------

def env_example() -> tuple[dict[str, str], set[str]]:
    """The active NAME=value lines, and every name given, commented out or not."""
    active: dict[str, str] = {}
    named: set[str] = set()
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"(#\s*)?([A-Z][A-Z0-9_]*)=(.*)", line.strip())
        if match:
            named.add(match[2])
            if not match[1]:
                active[match[2]] = match[3]
    return active, named


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error}."""

    def one(match: re.Match[str]) -> str:
        name, how, rest = match[1], match[2], match[3]
        if how == ":-":
            return env.get(name) or rest
        assert name in env, f"{name}: {rest}"
        return env[name]

    return re.sub(r"\$\{([A-Z0-9_]+)(?:(:[-?])([^}]*))?\}", one, value)


def compose_variables() -> set[str]:
    return set(re.findall(r"\$\{([A-Z0-9_]+)", COMPOSE.read_text(encoding="utf-8")))


def test_compose_runs_the_app_and_postgres_15_with_a_named_volume():
    compose = load(COMPOSE)
    assert set(compose["services"]) == {"app", "postgres"}
    postgres = compose["services"]["postgres"]
    assert postgres["image"].startswith("postgres:15")
    (volume,) = postgres["volumes"]
    name, _, target = volume.partition(":")
    assert target == "/var/lib/postgresql/data" and name in compose["volumes"]


def test_compose_healthchecks_and_start_order():
    services = load(COMPOSE)["services"]
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    app_check = " ".join(services["app"]["healthcheck"]["test"])
    assert f"127.0.0.1:{PORT}/healthz" in app_check
    assert services["app"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}


def test_compose_builds_the_dockerfile_from_the_repository_root():
    build = load(COMPOSE)["services"]["app"]["build"]
    context = (DEPLOY / build["context"]).resolve()
    assert context == ROOT and (context / build["dockerfile"]).resolve() == DOCKERFILE
    assert (context / ".dockerignore").resolve() == DOCKERIGNORE


def test_compose_publishes_the_port_the_app_listens_on():
    app = load(COMPOSE)["services"]["app"]
    assert [p.rsplit(":", 1)[1] for p in app["ports"]] == [str(PORT)]
    assert app["environment"]["FTROI_PORT"] == str(PORT)


def test_compose_points_the_app_at_the_postgres_service():
    compose = load(COMPOSE)
    active, _named = env_example()
    url = urlsplit(interpolate(compose["services"]["app"]["environment"]["FTROI_DATABASE_URL"],
                               active))
    assert url.scheme == "postgresql" and url.hostname == "postgres"
    postgres_env = compose["services"]["postgres"]["environment"]
    assert url.username == postgres_env["POSTGRES_USER"]
    assert url.path == "/" + postgres_env["POSTGRES_DB"]
    assert url.password == interpolate(postgres_env["POSTGRES_PASSWORD"], active)


def test_compose_env_names_are_known_settings():
    app = load(COMPOSE)["services"]["app"]
    assert set(app["environment"]) <= set(DEFAULTS)
    # deploy/.env is the app's env_file and compose's own variables.
    assert app["env_file"] == ".env"
    _active, named = env_example()
    assert named <= set(DEFAULTS) | compose_variables()
    required = {name for name in compose_variables() if f"${{{name}:?" in COMPOSE.read_text()}
    assert required <= named


def test_compose_env_example_gives_every_mode_and_starts_as_is():
    active, named = env_example()
    for mode, names in MODES.items():
        assert names <= named, mode
    app = load(COMPOSE)["services"]["app"]
    environment = {k: interpolate(str(v), active) for k, v in app["environment"].items()}
    settings = SlackSettings.from_env({**active, **environment})
    assert settings.mode == "http" and settings.ftroi_port == PORT


def test_the_real_env_file_is_never_committed():
    assert ".env" in (DEPLOY / ".gitignore").read_text(encoding="utf-8").splitlines()


# --- Kubernetes --------------------------------------------------------------------------

def k8s(kind: str) -> dict[str, Any]:
    (found,) = [doc for path in K8S.glob("*.yaml") if (doc := load(path)).get("kind") == kind]
    return found


def pod_spec() -> dict[str, Any]:
    return k8s("Deployment")["spec"]["template"]["spec"]


def container() -> dict[str, Any]:
    (only,) = pod_spec()["containers"]
    return only


def resolve_port(port: int | str) -> int:
    if isinstance(port, int):
        return port
    (number,) = [p["containerPort"] for p in container()["ports"] if p.get("name") == port]
    return int(number)


def test_kustomization_lists_every_manifest_but_the_secret_template():
    kustomization = load(K8S / "kustomization.yaml")
    listed = set(kustomization["resources"])
    assert listed == {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml", "secret.yaml"}
    for name in listed:
        assert load(K8S / name)["kind"] in {"ConfigMap", "Deployment", "Service",
                                             "PodDisruptionBudget"}
    (image,) = kustomization["images"]
    assert image["name"] == container()["image"]


def test_deployment_has_two_replicas_and_both_probes():
    deployment = k8s("Deployment")
    assert deployment["spec"]["replicas"] == 2
    probe = container()
    assert probe["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert probe["livenessProbe"]["httpGet"]["path"] == "/healthz"
    if "startupProbe" in probe:
        assert probe["startupProbe"]["httpGet"]["path"] == "/healthz"


def test_one_port_everywhere():
    ports = [p["containerPort"] for p in container()["ports"]]
    assert ports == [PORT]
    for name in ("readinessProbe", "livenessProbe", "startupProbe"):
        if name in container():
            assert resolve_port(container()[name]["httpGet"]["port"]) == PORT, name
    (service_port,) = k8s("Service")["spec"]["ports"]
    assert resolve_port(service_port["targetPort"]) == PORT
    assert k8s("ConfigMap")["data"]["FTROI_PORT"] == str(PORT)


def test_the_deployment_runs_ftroi_serve():
    command = [*container().get("command", []), *container().get("args", [])]
    assert command in ([], ["ftroi", "serve"])


def test_service_and_pdb_select_the_deployments_pods():
    deployment = k8s("Deployment")
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    selector = deployment["spec"]["selector"]["matchLabels"]
    assert selector.items() <= pod_labels.items()
    assert k8s("Service")["spec"]["selector"] == selector
    pdb = k8s("PodDisruptionBudget")
    assert pdb["spec"]["minAvailable"] == 1
    assert pdb["spec"]["selector"] == {"matchLabels": selector}


def test_pods_run_as_the_images_non_root_user_on_a_read_only_root():
    pod, box = pod_spec()["securityContext"], container()["securityContext"]
    assert pod["runAsNonRoot"] is True
    assert (pod["runAsUser"], pod["runAsGroup"]) == image_user()
    assert box["readOnlyRootFilesystem"] is True
    assert box["allowPrivilegeEscalation"] is False
    assert box["capabilities"]["drop"] == ["ALL"]
    # What the image writes (matplotlib's cache) is on a writable volume.
    mounts = {m["mountPath"] for m in container()["volumeMounts"]}
    cache = dockerfile_env()["MPLCONFIGDIR"]
    assert any(cache == m or cache.startswith(m + "/") for m in mounts)


def quantity(value: str | int) -> float:
    """A Kubernetes quantity: 100m CPU, 256Mi memory, 1 CPU."""
    text = str(value)
    units = {"m": 1e-3, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    for suffix, factor in units.items():
        if text.endswith(suffix):
            return float(text.removesuffix(suffix)) * factor
    return float(text)


def test_resources_are_requested_and_limited():
    resources = container()["resources"]
    for name in ("cpu", "memory"):
        request, limit = resources["requests"][name], resources["limits"][name]
        assert 0 < quantity(request) <= quantity(limit), name
    assert quantity(resources["limits"]["memory"]) <= 2**30


def test_graceful_shutdown_outlasts_the_prestop_pause():
    grace = pod_spec()["terminationGracePeriodSeconds"]
    pause = container()["lifecycle"]["preStop"]["exec"]["command"]
    assert pause[0] == "sleep" and 0 < int(pause[1]) < grace


def secret_data() -> dict[str, str]:
    secret = load(K8S / "secret.yaml")
    assert secret["kind"] == "Secret"
    return {k: str(v) for k, v in secret["stringData"].items()}


def test_settings_come_from_the_configmap_and_the_secret():
    refs = container()["envFrom"]
    assert {"configMapRef": {"name": k8s("ConfigMap")["metadata"]["name"]}} in refs
    assert {"secretRef": {"name": load(K8S / "secret.yaml")["metadata"]["name"]}} in refs
    config = k8s("ConfigMap")["data"]
    assert set(config) <= set(DEFAULTS) - SECRET_SETTINGS
    assert set(secret_data()) <= SECRET_SETTINGS


def test_the_secret_completes_the_settings_for_http_on_postgres():
    settings = SlackSettings.from_env({**k8s("ConfigMap")["data"], **secret_data()})
    assert settings.mode == "http"
    assert MODES["http"] <= set(secret_data())
    # Two replicas cannot share a SQLite file (nor write on a read-only root).
    assert urlsplit(settings.ftroi_database_url).scheme == "postgresql"


# --- the Slack app manifest --------------------------------------------------------------

def manifest() -> dict[str, Any]:
    return load(MANIFEST)


def request_urls() -> list[str]:
    m = manifest()
    settings = m["settings"]
    return [
        *(command["url"] for command in m["features"]["slash_commands"]),
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
        settings["interactivity"]["message_menu_options_url"],
    ]


def test_every_request_url_is_the_events_path_on_the_placeholder_host():
    for url in request_urls():
        assert url == f"https://YOUR-HOST{EVENTS_PATH}", url
    assert manifest()["oauth_config"]["redirect_urls"] == [
        f"https://YOUR-HOST{OAUTH_REDIRECT_PATH}"
    ]


def bot_scopes() -> list[str]:
    scopes: list[str] = manifest()["oauth_config"]["scopes"]["bot"]
    return scopes


def test_each_command_has_a_description_and_a_usage_hint():
    for command in manifest()["features"]["slash_commands"]:
        assert command["description"] and len(command["description"]) <= 2000
        assert command["usage_hint"] and len(command["usage_hint"]) <= 1000


def test_scopes_are_the_bots_each_listed_once_and_the_home_tab_is_on():
    m = manifest()
    assert len(bot_scopes()) == len(set(bot_scopes()))
    assert "user" not in m["oauth_config"]["scopes"]
    # The Home tab is on because app_home_opened is subscribed.
    assert "app_home_opened" in m["settings"]["event_subscriptions"]["bot_events"]
    assert m["features"]["app_home"]["home_tab_enabled"] is True


def test_every_scope_is_justified_by_a_comment():
    lines = MANIFEST.read_text(encoding="utf-8").splitlines()
    for scope in bot_scopes():
        (at,) = [i for i, line in enumerate(lines) if line.strip() == f"- {scope}"]
        assert lines[at - 1].strip().startswith("#"), scope


def test_manifest_fits_slacks_limits():
    m = manifest()
    display = m["display_information"]
    assert len(display["name"]) <= 35
    assert len(display["description"]) <= 140
    assert 174 <= len(display["long_description"]) <= 4000
    assert re.fullmatch(r"[a-z0-9._-]{1,80}", m["features"]["bot_user"]["display_name"])
    assert all(len(c["command"]) <= 32 for c in m["features"]["slash_commands"])


def test_http_by_default():
    settings = manifest()["settings"]
    assert settings["socket_mode_enabled"] is False
    assert settings["org_deploy_enabled"] is False


# --- the README tells how -----------------------------------------------------------------

def test_readme_ends_with_the_deploying_section():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.rsplit("\n## ", 1)[1]
    assert section.startswith("Deploying\n")
    for needed in ("deploy/slack-app-manifest.yml", "YOUR-HOST", "docker compose -f "
                   "deploy/compose.yaml", "kubectl apply -k deploy/kubernetes",
                   "kubectl create secret generic ftroi-secrets", ".backup", "pg_dump",
                   "invalid_auth", "not_in_channel", "missing_scope", "expired_trigger_id",
                   EVENTS_PATH, OAUTH_REDIRECT_PATH, "/healthz", "/readyz"):
        assert needed in section, needed
