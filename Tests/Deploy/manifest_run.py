#!/usr/bin/env python3
"""The rendered Kubernetes manifests run on this machine (Tests/Deploy/run).

1. The call graph: every BATON_<SERVICE>_ADDR (and the planner's connector)
   of every Deployment against the NetworkPolicies: a caller's egress and the
   callee's ingress allow exactly the calls the settings make.
2. The image: deploy/Dockerfile's SWIFT_RUNTIME_LIBRARIES and RUNTIME_PACKAGES
   against `ldd` on the release binaries (and readelf's NEEDED entries).
3. The manifest-driven local run: every Deployment of the dev overlay starts
   as its release binary with exactly the command, args, environment (envFrom
   and env, ConfigMaps from the render, Secrets from Tests/Deploy/secrets.json)
   and ports the manifest gives, volumes as temporary folders, Service names
   resolved to the pods' addresses (nss_wrapper), against the private
   Postgres; then probed as the kubelet would: the startup probe, gRPC health
   on the readiness port, the liveness probe. Then a tenant's first admin key
   made in the gateway pod (as `kubectl exec` would) and a call with it
   through the gateway to baton-signals; and the production overlay's gateway
   (JWTs from components/jwt) started and probed beside them.
4. A router replica (the production overlay's Deployment, three replicas)
   killed as Kubernetes kills a pod, under the router chaos load: SIGTERM,
   then SIGKILL after the manifest's terminationGracePeriodSeconds; no
   escalation lost, none assigned twice, every call finished or failed with a
   status the clients retry.

Each pod gets a loopback address of its own (127.0.1.N, as a pod has its
IP): the one thing added to its environment is BATON_HOST, the address to
bind (the manifest leaves it at 0.0.0.0, every address of the pod).
Prints one line per case and "N passed, N failed".
Usage: manifest_run.py RENDER_DIR SWIFT_RELEASE_BIN_DIR DATABASE_URL
"""

import asyncio
import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import grpc

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Support"))
sys.path.insert(0, os.path.join(HERE, "..", "Router"))
from batonkit import ROOT, Replica, nss_wrapper  # noqa: E402
import router_chaos  # noqa: E402

SERVING = 1  # grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING
SERVICE_NAMES = ["baton-gateway", "baton-planner", "baton-signals", "baton-router", "baton-handoff", "baton-audit",
                 "baton-connector-demo"]


def run_case(results, name, body):
    """Records `body()`'s problems (an exception is one) as case `name`."""
    try:
        results.record(name, body() or [])
    except Exception as error:  # noqa: BLE001 - every failure is a FAIL line
        results.record(name, [f"{type(error).__name__}: {error}"])


def load(render_dir, overlay):
    with open(os.path.join(render_dir, f"{overlay}.json")) as f:
        return json.load(f)


def of_kind(objects, kind):
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


# ---------------------------------------------------------------------------
# 1. The call graph against the NetworkPolicies.

def calls_made(deployment, config_maps):
    """The Services a Deployment's settings make it call: host parts of
    BATON_*_ADDR values and of the planner's connector setting."""
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    env = resolve_env(container, config_maps, secrets={}, missing_secret="")
    hosts = set()
    for key, value in env.items():
        if (key.endswith("_ADDR") or key == "BATON_PLANNER_CONNECTOR_DEFAULT") and ":" in value:
            hosts.add(value.rsplit(":", 1)[0])
    return hosts


def pod_names(peers):
    """Names of pods (app.kubernetes.io/name) a NetworkPolicy peer list selects in the namespace."""
    names = set()
    for peer in peers:
        if "namespaceSelector" in peer:
            names.add("namespace:" + json.dumps(peer["namespaceSelector"].get("matchLabels", {}), sort_keys=True))
        elif "podSelector" in peer:
            names.add(peer["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/name", "<any pod>"))
    return names


def call_graph_problems(objects):
    config_maps = {name: cm.get("data", {}) for name, cm in of_kind(objects, "ConfigMap").items()}
    deployments = of_kind(objects, "Deployment")
    policies = of_kind(objects, "NetworkPolicy")
    problems = []
    deny = policies.get("default-deny")
    if not deny or deny["spec"].get("podSelector") != {} or sorted(deny["spec"].get("policyTypes", [])) != ["Egress", "Ingress"]:
        problems.append("no default-deny policy (empty podSelector, Ingress and Egress)")
    graph = {name: calls_made(d, config_maps) for name, d in deployments.items()}
    for caller, callees in graph.items():
        unknown = callees - set(deployments)
        if unknown:
            problems.append(f"{caller} calls {sorted(unknown)}, which no Deployment of this overlay serves")
        policy = policies.get(caller)
        if policy is None:
            problems.append(f"{caller} has no NetworkPolicy")
            continue
        allowed = set()
        for rule in policy["spec"].get("egress", []):
            if any(p.get("port") == 50051 for p in rule.get("ports", [])):
                allowed |= pod_names(rule.get("to", []))
        if allowed != callees:
            problems.append(f"{caller}: egress on 50051 allows {sorted(allowed)}, its settings call {sorted(callees)}")
    for callee in deployments:
        policy = policies.get(callee)
        if policy is None:
            continue
        admitted = set()
        for rule in policy["spec"].get("ingress", []):
            if any(p.get("port") == 50051 for p in rule.get("ports", [])):
                admitted |= pod_names(rule.get("from", []))
        callers = {caller for caller, callees in graph.items() if callee in callees}
        if callee == "baton-gateway":
            callers = {n for n in admitted if n.startswith("namespace:")} or {"<the edge>"}
        if admitted != callers:
            problems.append(f"{callee}: ingress on 50051 admits {sorted(admitted)}, callers are {sorted(callers)}")
    postgres = policies.get("baton-postgres")
    admitted = set()
    for rule in (postgres or {"spec": {}})["spec"].get("ingress", []):
        admitted |= pod_names(rule.get("from", []))
    if admitted != set(deployments):
        problems.append(f"Postgres admits {sorted(admitted)}, the services are {sorted(deployments)}")
    return problems


# ---------------------------------------------------------------------------
# 2. The image's library lists against ldd.

def dockerfile_list(text, name):
    match = re.search(rf'^ARG {name}="((?:[^"\\]|\\\n)*)"', text, re.M)
    if not match:
        raise AssertionError(f"deploy/Dockerfile has no ARG {name}=\"...\"")
    return set(match.group(1).replace("\\\n", " ").split())


def ldd(path):
    """{soname: resolved path} of everything `path` loads; raises on 'not found'."""
    out = subprocess.run(["ldd", path], capture_output=True, text=True, check=True).stdout
    libraries = {}
    for line in out.splitlines():
        parts = line.split()
        if "=>" in parts:
            target = parts[parts.index("=>") + 1]
            if target == "not":
                raise AssertionError(f"{os.path.basename(path)}: {parts[0]} not found")
            libraries[parts[0]] = os.path.realpath(target)
    return libraries


def needed(path):
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True, check=True).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", out))


def owner(path):
    """The Debian package that installed `path` (usr-merged paths tried both ways)."""
    candidates = [path, path.replace("/usr/lib/", "/lib/", 1) if path.startswith("/usr/lib/") else "/usr" + path]
    for candidate in candidates:
        out = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
        if out.returncode == 0:
            return out.stdout.split(":")[0].strip()
    raise AssertionError(f"no Debian package owns {path}")


def depends_closure(packages):
    """`packages` and everything they depend on, from the local dpkg database."""
    seen, todo = set(), list(packages)
    while todo:
        package = todo.pop()
        if package in seen:
            continue
        seen.add(package)
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Depends}, ${Pre-Depends}", package],
                             capture_output=True, text=True)
        for alternative in out.stdout.split(","):
            name = alternative.split("|")[0].strip().split(" ")[0].split(":")[0]
            if name:
                todo.append(name)
    return seen


def image_problems(bin_dir):
    with open(os.path.join(ROOT, "deploy", "Dockerfile")) as f:
        dockerfile = f.read()
    swift_declared = dockerfile_list(dockerfile, "SWIFT_RUNTIME_LIBRARIES")
    packages_declared = dockerfile_list(dockerfile, "RUNTIME_PACKAGES")
    products = dockerfile_list(dockerfile, "PRODUCTS")
    problems = []
    swift_loaded, loaded, direct = set(), {}, set()
    for product in sorted(products):
        path = os.path.join(bin_dir, product)
        libraries = ldd(path)
        direct |= needed(path)
        for soname, resolved in libraries.items():
            if "/lib/swift/linux/" in resolved:
                swift_loaded.add(soname)
                direct |= needed(resolved)
            else:
                loaded[soname] = resolved
    if swift_loaded != swift_declared:
        problems.append(f"SWIFT_RUNTIME_LIBRARIES: missing {sorted(swift_loaded - swift_declared)}, "
                        f"not loaded {sorted(swift_declared - swift_loaded)}")
    owners = {soname: owner(path) for soname, path in loaded.items()}
    direct_packages = {owners[s] for s in direct if s in owners}
    if direct_packages != packages_declared:
        problems.append(f"RUNTIME_PACKAGES: the binaries and the Swift runtime link {sorted(direct_packages)}, "
                        f"the Dockerfile installs {sorted(packages_declared)}")
    closure = depends_closure(packages_declared)
    uncovered = sorted(f"{s} ({p})" for s, p in owners.items() if p not in closure)
    if uncovered:
        problems.append(f"loaded but not brought by RUNTIME_PACKAGES or their dependencies: {uncovered}")
    print(f"image: {len(products)} executables load {len(swift_loaded)} Swift runtime libraries and "
          f"{len(loaded)} system libraries from {len(set(owners.values()))} Debian packages "
          f"({len(direct_packages)} linked directly: {' '.join(sorted(direct_packages))})", flush=True)
    return problems


# ---------------------------------------------------------------------------
# 3. Pods from manifests.

def resolve_env(container, config_maps, secrets, missing_secret=None):
    """The container's environment as the kubelet builds it: envFrom first,
    then env in order (later wins), $(VAR) expanded from what came before."""
    env = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env.update(config_maps[source["configMapRef"]["name"]])
        elif "secretRef" in source:
            env.update(secrets[source["secretRef"]["name"]])
    for item in container.get("env", []):
        if "value" in item:
            env[item["name"]] = re.sub(r"\$\((\w+)\)", lambda m: env.get(m.group(1), m.group(0)), item["value"])
        elif "configMapKeyRef" in item["valueFrom"]:
            ref = item["valueFrom"]["configMapKeyRef"]
            env[item["name"]] = config_maps[ref["name"]][ref["key"]]
        elif "secretKeyRef" in item["valueFrom"]:
            ref = item["valueFrom"]["secretKeyRef"]
            if ref["name"] in secrets:
                env[item["name"]] = secrets[ref["name"]][ref["key"]]
            elif missing_secret is not None:
                env[item["name"]] = missing_secret
            else:
                raise AssertionError(f"Secret {ref['name']} is not in Tests/Deploy/secrets.json")
        else:
            raise AssertionError(f"env {item['name']}: unsupported valueFrom {item['valueFrom']}")
    return env


class Cluster:
    """The namespace on loopback: pods' addresses, Service names in a hosts
    file, Secrets from the local file, ConfigMaps from the render."""

    def __init__(self, work, secrets):
        self.work, self.secrets = work, secrets
        self.hosts_path = os.path.join(work, "hosts")
        self.names = {}  # Service name -> pod addresses
        self.next_address = 1
        self.resolver = {"LD_PRELOAD": nss_wrapper(), "NSS_WRAPPER_HOSTS": self.hosts_path}

    def address(self):
        address = f"127.0.1.{self.next_address}"
        self.next_address += 1
        return address

    def publish(self, service, addresses):
        """Service `service` resolves to `addresses` (a headless Service's pods)."""
        self.names[service] = list(addresses)
        with open(self.hosts_path, "w") as f:
            for name, pods in sorted(self.names.items()):
                for pod in pods:
                    f.write(f"{pod} {name} {name}.baton.svc {name}.baton.svc.cluster.local\n")


class Pod(Replica):
    """One pod of a Deployment: its container run as the release binary the
    command names, with the manifest's args, env and ports."""

    def __init__(self, cluster, deployment, config_maps, bin_dir, name):
        pod_spec = deployment["spec"]["template"]["spec"]
        self.container = pod_spec["containers"][0]
        self.pod_spec = pod_spec
        command = self.container.get("command") or []
        if not command:
            raise AssertionError(f"{deployment['metadata']['name']}: no command (the image has no entrypoint)")
        super().__init__(bin_dir, "", name, cluster.work, executable=os.path.basename(command[0]))
        self.cluster, self.config_maps = cluster, config_maps
        self.host = cluster.address()
        self.ports = {p["name"]: p["containerPort"] for p in self.container.get("ports", [])}
        self.mounts = self.make_volumes()
        self.env = {k: self.in_pod(v) for k, v in resolve_env(self.container, config_maps, cluster.secrets).items()}
        self.args = [self.in_pod(a) for a in command[1:] + self.container.get("args", [])]
        self.grpc_port = int(self.env.get("BATON_GRPC_PORT", "50051"))
        self.admin_port = int(self.env.get("BATON_ADMIN_PORT", "9090"))

    def make_volumes(self):
        """Each volume as a folder under the work dir; {mountPath: folder}."""
        volumes = {}
        for volume in self.pod_spec.get("volumes", []):
            folder = tempfile.mkdtemp(prefix=f"{self.name}-{volume['name']}-", dir=self.cluster.work)
            if "secret" in volume:
                data = self.cluster.secrets.get(volume["secret"]["secretName"])
                if data is None:
                    raise AssertionError(f"Secret {volume['secret']['secretName']} is not in Tests/Deploy/secrets.json")
                self.fill(folder, data, volume["secret"].get("items"))
            elif "configMap" in volume:
                self.fill(folder, self.config_maps[volume["configMap"]["name"]], volume["configMap"].get("items"))
            elif "emptyDir" not in volume:
                raise AssertionError(f"volume {volume['name']}: only emptyDir, secret and configMap are run here")
            volumes[volume["name"]] = folder
        return {m["mountPath"]: volumes[m["name"]] for m in self.container.get("volumeMounts", [])}

    @staticmethod
    def fill(folder, data, items):
        for item in items or [{"key": k, "path": k} for k in data]:
            with open(os.path.join(folder, item["path"]), "w") as f:
                f.write(data[item["key"]])

    def in_pod(self, value):
        """A path under a mountPath rewritten to the volume's folder."""
        for mount_path, folder in sorted(self.mounts.items(), key=lambda m: -len(m[0])):
            if value == mount_path or value.startswith(mount_path.rstrip("/") + "/"):
                return folder + value[len(mount_path.rstrip("/")):]
        return value

    @property
    def target(self):
        return f"{self.host}:{self.grpc_port}"

    def start(self, wait=True):
        """Starts the container's process; with `wait`, until the startup probe passes (its budget, or `wait` seconds)."""
        env = dict(self.env, BATON_HOST=self.host, PATH=os.environ.get("PATH", "/usr/bin:/bin"),
                   **self.cluster.resolver)
        self.starts += 1
        with open(self.log_path, "a") as log:
            log.write(f"==== start {self.starts} at {time.time():.3f}\n")
            log.flush()
            self.process = subprocess.Popen([self.bin, *self.args], env=env, stdout=log, stderr=log)
        if wait:
            self.wait_ready(None if wait is True else wait)
        return self

    def probe_port(self, port):
        return self.ports[port] if isinstance(port, str) else port

    def http_probe(self, probe):
        get = probe["httpGet"]
        url = f"http://{self.host}:{self.probe_port(get['port'])}{get['path']}"
        try:
            with urllib.request.urlopen(url, timeout=probe.get("timeoutSeconds", 1)) as response:
                return 200 <= response.status < 400
        except Exception:  # noqa: BLE001 - a failed probe
            return False

    def grpc_probe(self, probe):
        """grpc.health.v1.Health/Check as the kubelet sends it (service from the probe, plaintext)."""
        port = self.probe_port(probe["grpc"]["port"])
        service = probe["grpc"].get("service", "").encode()
        request = (b"\x0a" + bytes([len(service)]) + service) if service else b""
        with grpc.insecure_channel(f"{self.host}:{port}") as channel:
            check = channel.unary_unary("/grpc.health.v1.Health/Check")
            try:
                response = check(request, timeout=probe.get("timeoutSeconds", 1))
            except grpc.RpcError:
                return False
        return response == bytes([0x08, SERVING])

    def probe(self, kind):
        probe = self.container.get(kind)
        if probe is None:
            raise AssertionError(f"{self.name}: no {kind}")
        if "httpGet" in probe:
            return self.http_probe(probe)
        if "grpc" in probe:
            return self.grpc_probe(probe)
        raise AssertionError(f"{self.name}: {kind} is neither httpGet nor grpc")

    def ready(self):
        return self.probe("startupProbe")

    def wait_ready(self, timeout=None):
        """Until the startup probe succeeds, within the manifest's periodSeconds x failureThreshold."""
        probe = self.container["startupProbe"]
        super().wait_ready(timeout or probe.get("periodSeconds", 10) * probe.get("failureThreshold", 3))

    def kubelet_kill(self):
        """SIGTERM, then SIGKILL after terminationGracePeriodSeconds: (exit code or None if killed, seconds)."""
        grace = self.pod_spec.get("terminationGracePeriodSeconds", 30)
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            code = None
        return code, time.monotonic() - started


def start_deployment(cluster, deployment, config_maps, bin_dir, replicas=None):
    name = deployment["metadata"]["name"]
    count = replicas or deployment["spec"].get("replicas", 1)
    pods = [Pod(cluster, deployment, config_maps, bin_dir, f"{name}-{i}") for i in range(count)]
    cluster.publish(name, [p.host for p in pods])
    for pod in pods:
        pod.start(wait=0)
    return pods


def probe_problems(pod):
    """Waits for the startup probe, then the readiness and liveness probes once."""
    try:
        pod.wait_ready()
    except RuntimeError as error:
        return [str(error)]
    problems = []
    if not pod.probe("readinessProbe"):
        problems.append(f"{pod.name}: readiness probe ({pod.container['readinessProbe']}) failed")
    if not pod.probe("livenessProbe"):
        problems.append(f"{pod.name}: liveness probe failed")
    return problems


def ports_taken(ports):
    """The ports a pod cannot bind here: every pod binds the manifests' fixed
    ports on an address of its own, which a wildcard listener would block."""
    taken = []
    for port in sorted(ports):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.1.254", port))
            except OSError:
                taken.append(port)
    return taken


def local_run(results, objects, bin_dir, cluster):
    """Every Deployment of the dev overlay, started at once as the Deployment
    controller would, then probed."""
    config_maps = {name: cm.get("data", {}) for name, cm in of_kind(objects, "ConfigMap").items()}
    deployments = of_kind(objects, "Deployment")
    missing = sorted(set(SERVICE_NAMES) - set(deployments))
    results.record("local_run/every_service_has_a_deployment", [f"no Deployment for {m}" for m in missing])
    taken = ports_taken({p["containerPort"] for d in deployments.values()
                         for p in d["spec"]["template"]["spec"]["containers"][0].get("ports", [])})
    results.record("local_run/the_manifests_ports_are_free_here",
                   [f"port {port} is taken on 127.0.1.x (a process listening on 0.0.0.0:{port}?)" for port in taken])
    pods = {}
    for name, deployment in sorted(deployments.items()):
        try:
            pods[name] = start_deployment(cluster, deployment, config_maps, bin_dir)
        except Exception as error:  # noqa: BLE001
            results.record(f"local_run/{name}", [f"{type(error).__name__}: {error}"])
    for name, replicas in sorted(pods.items()):
        results.record(f"local_run/{name}/starts_and_passes_its_probes",
                       [problem for pod in replicas for problem in probe_problems(pod)])
    if pods.get("baton-gateway"):
        run_case(results, "local_run/a_call_through_the_gateway_with_a_key_made_in_its_pod",
                 lambda: through_the_gateway(pods["baton-gateway"][0]))
    return pods


def exec_in(pod, *args):
    """`kubectl exec` into `pod`: its binary with the container's environment; stdout."""
    env = dict(pod.env, PATH=os.environ.get("PATH", "/usr/bin:/bin"), **pod.cluster.resolver)
    out = subprocess.run([pod.bin, *args], env=env, capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise AssertionError(f"{pod.name} {' '.join(args)}: exit {out.returncode}: {out.stderr.strip()[-400:]}")
    return out.stdout.strip()


def through_the_gateway(gateway):
    """The dev stack answers as deployed: a tenant's first admin key made in the
    gateway pod (deploy/README.md), then Signals/GetThresholds through the
    gateway, which reaches baton-signals by its Service name; without the key
    the gateway refuses the call."""
    tenant = f"deploy-{os.getpid()}"
    token = exec_in(gateway, "create-key", "--tenant", tenant, "--role", "admin", "--subject", "deploy-test")
    request = b"\x0a" + bytes([len(tenant)]) + tenant.encode()  # GetThresholdsRequest{tenant_id}
    problems = []
    with grpc.insecure_channel(gateway.target) as channel:
        call = channel.unary_unary("/baton.signals.v1.Signals/GetThresholds")
        try:
            call(request, timeout=10)
            problems.append("a call without a credential went through")
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.UNAUTHENTICATED:
                problems.append(f"without a credential: {error.code().name} (want UNAUTHENTICATED)")
        try:
            response = call(request, timeout=10, metadata=[("authorization", f"Bearer {token}")])
            if tenant.encode() not in response:
                problems.append(f"GetThresholds answered {response!r}, not the tenant's thresholds")
        except grpc.RpcError as error:
            problems.append(f"with the admin key: {error.code().name} {error.details()}")
    return problems


def production_gateway(objects, bin_dir, cluster):
    """The production overlay's gateway (JWTs from components/jwt, the
    Postgres CA mounted) starts beside the dev pods and passes its probes."""
    config_maps = {name: cm.get("data", {}) for name, cm in of_kind(objects, "ConfigMap").items()}
    pod = start_deployment(cluster, of_kind(objects, "Deployment")["baton-gateway"], config_maps, bin_dir, replicas=1)[0]
    try:
        problems = probe_problems(pod)
        if "BATON_GATEWAY_JWKS_FILE" not in pod.env:
            problems.append("no BATON_GATEWAY_JWKS_FILE: components/jwt is not in the production overlay")
        code, _ = pod.kubelet_kill()
        return problems + ([] if code == 0 else [f"exit {code} on SIGTERM"])
    finally:
        if pod.alive():
            pod.process.kill()


# ---------------------------------------------------------------------------
# 4. A router replica killed as the kubelet kills a pod.

class KubeletKill(router_chaos.Chaos):
    """The router chaos run, with the victim stopped as Kubernetes stops a
    pod (and a new pod started in its place)."""

    async def killer(self):
        await self.killed.wait()
        victim = self.replicas[1]
        self.stats["kill_time"] = round(router_chaos.now() - self.t0, 1)
        loop = asyncio.get_running_loop()
        self.exit_code, self.exit_seconds = await loop.run_in_executor(None, victim.kubelet_kill)
        self.inflight_at_kill = self.stats["accepts_sent"]
        await loop.run_in_executor(None, victim.start)
        self.stats["restart_ready_after_s"] = round(router_chaos.now() - self.t0 - self.stats["kill_time"], 1)


async def router_kill(results, objects, bin_dir, cluster, database_url):
    config_maps = {name: cm.get("data", {}) for name, cm in of_kind(objects, "ConfigMap").items()}
    deployment = of_kind(objects, "Deployment")["baton-router"]
    replicas = deployment["spec"].get("replicas", 1)
    grace = deployment["spec"]["template"]["spec"].get("terminationGracePeriodSeconds", 30)
    shutdown = float(resolve_env(deployment["spec"]["template"]["spec"]["containers"][0], config_maps,
                                 cluster.secrets).get("BATON_SHUTDOWN_GRACE", "10"))
    results.record("router_kill/production_router_has_3_or_more_replicas",
                   [] if replicas >= 3 else [f"replicas {replicas}"])
    results.record("router_kill/shutdown_grace_fits_the_termination_grace",
                   [] if shutdown < grace else [f"BATON_SHUTDOWN_GRACE {shutdown} >= terminationGracePeriodSeconds {grace}"])
    pods = start_deployment(cluster, deployment, config_maps, bin_dir, replicas=max(3, replicas))
    try:
        for pod in pods:
            pod.wait_ready()
        seed = int(os.environ.get("BATON_CHAOS_SEED", str(time.time_ns() % 100000)))
        chaos = KubeletKill(pods, database_url, seed, int(os.environ.get("BATON_DEPLOY_AGENTS", "60")),
                            int(os.environ.get("BATON_DEPLOY_ESCALATIONS", "1200")))
        chaos.seed = seed
        scoped = router_chaos.Results("deploy/router_kill")
        await chaos.run(scoped)
        results.passed += scoped.passed
        results.failed += scoped.failed
        code = getattr(chaos, "exit_code", "never signalled")
        print(f"router_kill: SIGTERM at {chaos.stats['kill_time']}s; the replica exited {code} after "
              f"{getattr(chaos, 'exit_seconds', 0):.1f}s (grace {grace}s, BATON_SHUTDOWN_GRACE {shutdown:g}s)", flush=True)
        results.record("router_kill/replica_exits_by_itself_within_the_grace_period",
                       [] if code == 0 else [f"exit {code} (None: it needed the SIGKILL)"])
        # Calls the stopping replica did not take ended UNAVAILABLE (GOAWAY, then a closed port) and were
        # retried on another replica; anything else (a deadline, INTERNAL) would be a call cut mid-way.
        unclean = {k: v for k, v in chaos.stats.items() if k.startswith("retry_") and k != "retry_UNAVAILABLE"}
        results.record("router_kill/calls_refused_by_the_stopping_replica_fail_unavailable",
                       [f"{k[len('retry_'):]} x{v}" for k, v in sorted(unclean.items())])
    finally:
        for pod in pods:
            if pod.alive():
                pod.terminate()
        if results.failed:
            for pod in pods:
                print(f"--- {pod.name} log tail ({pod.log_path}):\n{pod.log_tail(1500)}")


# ---------------------------------------------------------------------------

def load_secrets(database_url, work, bin_dir):
    """Tests/Deploy/secrets.json with its placeholders filled: the private
    Postgres, a fresh audit signing key (batonctl audit keygen), a random secret."""
    key_file = os.path.join(work, "audit-signer.key")
    subprocess.run([os.path.join(bin_dir, "batonctl"), "audit", "keygen", "--name", "baton.local/audit",
                    "--signer-file", key_file], check=True, capture_output=True)
    with open(key_file) as f:
        fills = {"DATABASE_URL": database_url, "AUDIT_SIGNING_KEY": f.read(),
                 "AUDIT_SECRET": base64.b64encode(os.urandom(32)).decode()}
    with open(os.path.join(HERE, "secrets.json")) as f:
        secrets = json.load(f)
    return {name: {key: re.sub(r"@(\w+)@", lambda m: fills[m.group(1)], value) for key, value in data.items()}
            for name, data in secrets.items() if not name.startswith("//")}


def main():
    render_dir, bin_dir, database_url = sys.argv[1:4]
    results = router_chaos.Results("deploy")
    dev, production = load(render_dir, "dev"), load(render_dir, "production")
    for overlay, objects in (("dev", dev), ("production", production)):
        run_case(results, f"{overlay}/network_policies_are_the_call_graph", lambda: call_graph_problems(objects))
    run_case(results, "image/runtime_libraries_match_ldd", lambda: image_problems(bin_dir))
    work = tempfile.mkdtemp(prefix="baton-deploy-")
    cluster = Cluster(work, load_secrets(database_url, work, bin_dir))
    pods = {}
    try:
        pods = local_run(results, dev, bin_dir, cluster)
        run_case(results, "production/baton-gateway/starts_and_passes_its_probes",
                 lambda: production_gateway(production, bin_dir, cluster))
        if os.environ.get("BATON_DEPLOY_ONLY") != "local_run":
            for pod in pods.pop("baton-router", []):
                pod.terminate()
            asyncio.run(router_kill(results, production, bin_dir, cluster, database_url))
        codes = {pod.name: pod.kubelet_kill()[0] for replicas in pods.values() for pod in replicas}
        results.record("local_run/every_pod_exits_cleanly_on_sigterm", [f"{n} exit {c}" for n, c in codes.items() if c != 0])
    finally:
        for replicas in pods.values():
            for pod in replicas:
                if pod.alive():
                    pod.process.kill()
        if results.failed:
            print(f"logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{results.passed} passed, {results.failed} failed")
    sys.exit(0 if results.failed == 0 and results.passed > 0 else 1)


if __name__ == "__main__":
    main()
