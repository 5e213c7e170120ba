#!/usr/bin/env python3
"""The fleet's bookkeeping for scripts/fleet, one job per subcommand:

  hosts INVENTORY_JSON NAME       check the inventory NAME (ansible-inventory --list);
                                  print "host<TAB>label<TAB>ships" per host
                                  (ships: 1 when the commit is shipped to it,
                                  0 when it has pgmap_tree)
  status OUT HOST...              print one line per host of this play from
                                  OUT/status/HOST.json; exit 1 if any failed
  commits RUN...                  exit 1, saying what differs, unless every
                                  run's machine.json has the same git_commit
  table INVENTORY_JSON OUT        print the fleet table (label, host, pmem,
                                  memmap, placement, commit, run folder)

Errors are one line on stderr naming the input; usage errors exit 2.
"""
import json
import os
import re
import sys

LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# Set per host by the fleet itself; the suite options after -- must not.
REQUIRED = ("pgmap_label", "pgmap_pmem")


def die(msg, code=2):
    print("scripts/fleet: " + msg, file=sys.stderr)
    sys.exit(code)


def read_json(path, what):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        die(f"{path}: cannot read {what} ({e})", 1)


def inventory_hosts(path):
    """[(host, vars)] of every host in the inventory, in name order."""
    inv = read_json(path, "the inventory listing")
    hostvars = inv.get("_meta", {}).get("hostvars", {})
    names = set(hostvars)
    for group in inv.values():
        if isinstance(group, dict):
            names.update(group.get("hosts", []))
    return [(h, hostvars.get(h, {})) for h in sorted(names)]


def check_hosts(path, name):
    hosts = inventory_hosts(path)
    if not hosts:
        die(f"inventory '{name}': lists no host (ansible-inventory -i {name} --list says why)")
    seen = {}
    for host, v in hosts:
        for key in REQUIRED:
            if not str(v.get(key, "")).strip():
                die(f"host {host}: {key} is not set (every host needs {' and '.join(REQUIRED)})")
        label = str(v["pgmap_label"])
        if not LABEL.match(label):
            die(f"host {host}: pgmap_label '{label}': use letters, digits, '.', '_' or '-'")
        if label in seen:
            die(f"hosts {seen[label]} and {host}: both have pgmap_label '{label}' (labels name run folders: make them unique)")
        seen[label] = host
        memmap = v.get("pgmap_memmap", "dram")
        if memmap not in ("dram", "device"):
            die(f"host {host}: pgmap_memmap '{memmap}': dram or device")
    for host, v in hosts:
        print(f"{host}\t{v['pgmap_label']}\t{0 if 'pgmap_tree' in v else 1}")


def commit_of(run):
    m = read_json(os.path.join(run, "machine.json"), "the machine record")
    return str(m.get("git_commit", "unavailable: machine.json has no git_commit"))


def check_commits(runs):
    commits = {run: commit_of(run) for run in runs}
    if len(set(commits.values())) > 1:
        what = "; ".join(f"{os.path.basename(r.rstrip('/'))}: {c}" for r, c in commits.items())
        die(f"runs from different commits ({what}); --force-mixed merges them anyway", 1)


def host_status(out, host):
    path = os.path.join(out, "status", host + ".json")
    if not os.path.exists(path):
        return {"status": "failed", "reason": "no status: the play stopped before this host finished (see play.log)"}
    return read_json(path, "a host status")


def print_status(out, hosts):
    failed = 0
    for host in hosts:
        s = host_status(out, host)
        if s.get("status") == "fetched":
            how = "resumed" if s.get("resumed") else "ran"
            print(f"  {host} ({s.get('label')}): fetched: {how} {s.get('start')} .. {s.get('end')} -> {s.get('run')}")
        else:
            failed += 1
            where = f" at '{s['task']}'" if s.get("task") else ""
            print(f"  {host} ({s.get('label', '?')}): FAILED{where}: {' '.join(str(s.get('reason')).split())}")
    sys.exit(1 if failed else 0)


def print_table(path, out):
    rows = [("label", "host", "pmem", "memmap", "placement", "commit", "run folder")]
    for host, v in inventory_hosts(path):
        label = str(v["pgmap_label"])
        run = os.path.join(out, "runs", label)
        commit = commit_of(run)[:12] if os.path.isdir(run) else "-"
        rows.append((label, host, str(v["pgmap_pmem"]), str(v.get("pgmap_memmap", "dram")),
                     str(v.get("pgmap_placement", "compact")), commit,
                     run if os.path.isdir(run) else "not fetched"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())


def main(argv):
    if len(argv) < 2:
        die("fleet_hosts.py: which subcommand? (hosts, status, commits, table)")
    cmd, args = argv[1], argv[2:]
    if cmd == "hosts" and len(args) == 2:
        check_hosts(*args)
    elif cmd == "status" and len(args) >= 1:
        print_status(args[0], args[1:])
    elif cmd == "commits" and args:
        check_commits(args)
    elif cmd == "table" and len(args) == 2:
        print_table(*args)
    else:
        die(f"fleet_hosts.py: bad arguments for '{cmd}'")


if __name__ == "__main__":
    main(sys.argv)
