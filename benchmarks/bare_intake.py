"""The ceiling of referral intake: a bare FastAPI + asyncpg app doing the same durable work as the referral
service's `POST /referrals` — the same body validated (the service's own schema), a row and an outbox row
written in one transaction, the receipt answered — and nothing else (no token, no tenant registry, no
duplicate check, no sealing, no ORM). `uvicorn benchmarks.bare_intake:app`, with BARE_DATABASE_URL set.

`pgbench_script()` is the same two inserts for pgbench, the ceiling of the database alone."""

from __future__ import annotations

import json
import os
import secrets
import uuid
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import asyncpg
from fastapi import FastAPI

from referral.entrypoints.schemas import TeamReferralIn

SCHEMA = """
CREATE TABLE IF NOT EXISTS bare_referrals (
    id uuid PRIMARY KEY, tenant_id varchar(100) NOT NULL, status varchar(20) NOT NULL, fiche jsonb NOT NULL,
    submitted_at timestamptz NOT NULL, tracking_code varchar(14) UNIQUE NOT NULL
);
CREATE TABLE IF NOT EXISTS bare_outbox (
    position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_id uuid UNIQUE NOT NULL,
    topic varchar(200) NOT NULL, key varchar(200) NOT NULL, event_type varchar(200) NOT NULL,
    tenant_id varchar(100) NOT NULL, headers jsonb NOT NULL, payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz
);
"""
REFERRAL = (
    "INSERT INTO bare_referrals (id, tenant_id, status, fiche, submitted_at, tracking_code) "
    "VALUES ($1, $2, 'received', $3, $4, $5)"
)
OUTBOX = (
    "INSERT INTO bare_outbox (event_id, topic, key, event_type, tenant_id, headers, payload) "
    "VALUES ($1, 'passerelle.referrals', $2, 'referral.submitted', $3, $4, $5)"
)


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = await asyncpg.create_pool(os.environ["BARE_DATABASE_URL"], min_size=2, max_size=10)
    async with app.state.pool.acquire() as conn:
        await conn.execute(SCHEMA)
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


@app.post("/referrals", status_code=201)
async def submit(body: TeamReferralIn) -> dict:
    referral_id, now = uuid.uuid4(), datetime.now(UTC)
    code = "-".join(secrets.token_hex(2).upper() for _ in range(3))
    fiche = body.model_dump_json()
    event = json.dumps({"referral_id": str(referral_id), "submitted_at": now.isoformat(), "reasons": body.reasons})
    async with app.state.pool.acquire() as conn, conn.transaction():
        await conn.execute(REFERRAL, referral_id, "bench", fiche, now, code)
        await conn.execute(OUTBOX, uuid.uuid4(), str(referral_id), "bench", "{}", event)
    return {"id": str(referral_id), "tracking_code": code, "status": "received", "submitted_at": now.isoformat()}


def pgbench_script() -> str:
    """The same two inserts in one transaction, for pgbench (`-f`): the database's own ceiling."""
    return (
        "BEGIN;\n"
        "INSERT INTO bare_referrals (id, tenant_id, status, fiche, submitted_at, tracking_code) VALUES "
        "(gen_random_uuid(), 'bench', 'received', '{\"source\": \"professional\"}', now(), "
        "substr(md5(random()::text), 1, 14));\n"
        "INSERT INTO bare_outbox (event_id, topic, key, event_type, tenant_id, headers, payload) VALUES "
        "(gen_random_uuid(), 'passerelle.referrals', 'k', 'referral.submitted', 'bench', '{}', "
        '\'{"reasons": ["rights_access"]}\');\n'
        "COMMIT;\n"
    )
