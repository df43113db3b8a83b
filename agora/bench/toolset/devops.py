"""Software operations tools (held-out split): repositories, deploys, tickets, DNS."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from agora.bench.toolset.base import case, date, done, pick
from agora.tools.core import tool

SERVICES = ["billing-api", "search-indexer", "auth-gateway", "image-resizer", "mail-relay"]


class Window(BaseModel):
    start: str
    end: str


class DnsRecord(BaseModel):
    type: Literal["A", "CNAME", "TXT"]
    value: str
    ttl: int = 3600


def _repo(rng):
    name = pick(rng, ["atlas-core", "weather-bot", "ledger-ui", "tiny-parser"]) + f"-{rng.randint(2, 99)}"
    private = rng.random() < 0.5
    vis = "private" if private else "public"
    if rng.random() < 0.5:
        return f"Create a {vis} repository named {name}.", {"name": name, "private": private}
    topics = rng.sample(["python", "cli", "llm", "rust", "web"], 2)
    return (f"Create a {vis} repository named {name} with the topics {topics[0]} and {topics[1]}.",
            {"name": name, "private": private, "topics": topics})


@case(_repo)
@tool
def create_repository(name: str, private: bool, topics: list[str] = []) -> str:
    """Create a code repository.

    Args:
        name: repository name
        private: true for a private repository
        topics: topic tags
    """
    return done("repository created", name=name)


def _deploy(rng):
    service, env = pick(rng, SERVICES), pick(rng, ["staging", "production"])
    version = f"v{rng.randint(1, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
    return f"Deploy {service} version {version} to {env}.", {"service": service, "environment": env, "version": version}


@case(_deploy)
@tool
def deploy_service(service: str, environment: Literal["staging", "production"], version: str) -> str:
    """Deploy a service version.

    Args:
        service: service name
        environment: where to deploy
        version: the version tag
    """
    return done("deployed", service=service)


def _restart(rng):
    host = f"{pick(rng, ['web', 'db', 'cache', 'worker'])}-{rng.randint(1, 40):02d}.internal"
    return f"Restart the server {host}.", {"hostname": host}


@case(_restart)
@tool
def restart_server(hostname: str) -> str:
    """Restart a server.

    Args:
        hostname: the server's host name
    """
    return done("restarting", hostname=hostname)


def _scale(rng):
    cluster, nodes = pick(rng, ["eu-west-batch", "us-east-web", "ap-south-ml"]), rng.randint(2, 64)
    return f"Scale the {cluster} cluster to {nodes} nodes.", {"cluster": cluster, "nodes": nodes}


@case(_scale)
@tool
def scale_cluster(cluster: str, nodes: int) -> str:
    """Resize a compute cluster.

    Args:
        cluster: cluster name
        nodes: the number of nodes wanted
    """
    return done("scaling", cluster=cluster, nodes=nodes)


def _ticket(rng):
    title = pick(rng, ["Login page times out", "Invoices show wrong totals", "Search returns nothing"])
    sev = pick(rng, ["sev1", "sev2", "sev3"])
    if rng.random() < 0.5:
        return f"Open a {sev} ticket titled \"{title}\".", {"title": title, "severity": sev}
    labels = rng.sample(["frontend", "backend", "billing", "regression"], 2)
    return (f"Open a {sev} ticket titled \"{title}\" with the labels {labels[0]} and {labels[1]}.",
            {"title": title, "severity": sev, "labels": labels})


@case(_ticket)
@tool
def open_ticket(title: str, severity: Literal["sev1", "sev2", "sev3"], labels: list[str] = []) -> str:
    """Open an incident ticket.

    Args:
        title: short description
        severity: sev1 (worst) to sev3
        labels: tags
    """
    return done("ticket opened", title=title)


def _metrics(rng):
    metric = pick(rng, ["cpu_usage", "p99_latency", "error_rate", "queue_depth"])
    a = date(rng)
    b = a[:-2] + f"{min(28, int(a[-2:]) + rng.randint(1, 5)):02d}"
    if b == a:
        b = a[:-2] + "28" if a[-2:] != "28" else a[:-2] + "27"
        a, b = min(a, b), max(a, b)
    agg = pick(rng, ["avg", "max", "sum"])
    return (f"Get the {agg} of {metric} from {a} to {b}.",
            {"metric": metric, "window": {"start": a, "end": b}, "aggregation": agg})


@case(_metrics)
@tool
def query_metrics(metric: str, window: Window, aggregation: Literal["avg", "max", "sum"] = "avg") -> str:
    """Aggregate a monitoring metric over a time window.

    Args:
        metric: metric name
        window: start and end dates, YYYY-MM-DD
        aggregation: how to aggregate
    """
    return done("metrics", metric=metric, value=0.42)


def _dns(rng):
    domain = pick(rng, ["example.org", "shop.example.com", "docs.example.net"])
    kind = pick(rng, ["A", "CNAME", "TXT"])
    value = {"A": f"203.0.113.{rng.randint(1, 254)}", "CNAME": "edge.example.net",
             "TXT": f"verify={rng.randint(10**5, 10**6)}"}[kind]
    if rng.random() < 0.5:
        return (f"Add a {kind} record for {domain} with the value {value}.",
                {"domain": domain, "record": {"type": kind, "value": value}})
    ttl = rng.choice([300, 600, 86400])
    return (f"Add a {kind} record for {domain} with the value {value} and a TTL of {ttl} seconds.",
            {"domain": domain, "record": {"type": kind, "value": value, "ttl": ttl}})


@case(_dns)
@tool
def add_dns_record(domain: str, record: DnsRecord) -> str:
    """Add a DNS record.

    Args:
        domain: the domain
        record: record type, value and TTL in seconds
    """
    return done("record added", domain=domain)


def _rotate(rng):
    service = pick(rng, SERVICES)
    if rng.random() < 0.5:
        return f"Rotate the API key of {service}.", {"service": service}
    days = rng.choice([7, 30, 90, 365])
    return (f"Rotate the API key of {service} so the new one expires in {days} days.",
            {"service": service, "expires_in_days": days})


@case(_rotate)
@tool
def rotate_api_key(service: str, expires_in_days: int | None = None) -> str:
    """Replace a service's API key.

    Args:
        service: the service
        expires_in_days: lifetime of the new key, if limited
    """
    return done("key rotated", service=service)


def _backup(rng):
    db = pick(rng, ["orders_db", "users_db", "analytics_db"])
    tables = rng.sample(["customers", "invoices", "events", "sessions", "products"], 2)
    if rng.random() < 0.5:
        return (f"Back up the tables {tables[0]} and {tables[1]} of {db}.", {"database": db, "tables": tables})
    return (f"Back up the tables {tables[0]} and {tables[1]} of {db} without compression.",
            {"database": db, "tables": tables, "compress": False})


@case(_backup)
@tool
def run_backup(database: str, tables: list[str], compress: bool = True) -> str:
    """Back up database tables.

    Args:
        database: database name
        tables: the tables to back up
        compress: compress the backup
    """
    return done("backup started", database=database)
