#!/usr/bin/env bash
# What of Deployment/ can be checked without a container runtime (the image itself is built where Docker runs;
# this machine has no daemon): the systemd unit with systemd's own verifier, the Kubernetes manifests and the
# Compose file against their schemas (kubernetes-validate and check-jsonschema from PyPI, in a throwaway
# virtual environment), the policy the ConfigMap carries with `check-config`, and every `serve` flag any of them
# passes against `serve --help`.
set -uo pipefail
binary=$(realpath "${1:?usage: deployment-check.sh PATH/TO/unhurried}")
cd "$(dirname "$0")/../.."
source Tests/Interop/checks.sh

flags_exist() {  # the serve flags in "$@" are all ones `serve` takes
  local help flag
  help=$("$binary" serve --help)
  for flag in "$@"; do
    [[ $flag == --* ]] || continue
    grep -q -- "${flag%%=*}" <<<"$help" || { echo "serve has no flag $flag"; return 1; }
  done
}

if command -v systemd-analyze >/dev/null; then
  sed "s|/usr/local/bin/unhurried|$binary|" Deployment/systemd/unhurried.service > "$work/unhurried.service"
  # verify exits 0 on unknown keys and only says so; any word from it is a problem.
  out=$(systemd-analyze verify "$work/unhurried.service" 2>&1)
  [ -z "$out" ] || echo "$out"
  check "systemd accepts the unit" test -z "$out"
  read -ra start <<<"$(sed -n 's/^ExecStart=[^ ]* //p' Deployment/systemd/unhurried.service)"
  check "the unit's serve flags exist" flags_exist "${start[@]}"
else
  echo "deployment: systemd-analyze not installed; the unit was not verified"
fi

python3 -m venv "$work/venv" && "$work/venv/bin/pip" install -q kubernetes-validate check-jsonschema
check "the linters installed" test -x "$work/venv/bin/kubernetes-validate"
check "Kubernetes accepts the manifests (strict schema)" "$work/venv/bin/kubernetes-validate" --strict --quiet Deployment/kubernetes/*.yaml
check "the Compose file fits the Compose specification" \
  "$work/venv/bin/check-jsonschema" --builtin-schema vendor.compose-spec Deployment/docker-compose.yml
# What the deployments pass to the image's `serve`, and the policy the ConfigMap carries.
"$work/venv/bin/python" - "$work" <<'PY'
import sys, yaml
work = sys.argv[1]
docs = [d for d in yaml.safe_load_all(open("Deployment/kubernetes/unhurried.yaml")) if d]
config = next(d for d in docs if d["kind"] == "ConfigMap")
open(f"{work}/policy.yaml", "w").write(config["data"]["policy.yaml"])
deployment = next(d for d in docs if d["kind"] == "Deployment")
compose = yaml.safe_load(open("Deployment/docker-compose.yml"))
args = deployment["spec"]["template"]["spec"]["containers"][0]["args"] + compose["services"]["unhurried"]["command"]
open(f"{work}/args", "w").write("\n".join(args))
PY
check "the ConfigMap's policy is valid" "$binary" check-config "$work/policy.yaml"
mapfile -t args < "$work/args"
check "the Kubernetes and Compose serve flags exist" flags_exist "${args[@]}"
check "the Compose file's policy exists" test -f config/unhurried.example.yaml

summary deployment
