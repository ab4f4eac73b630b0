"""Ten years of a Grenoble-sized territory (1,500 persons a year), written straight into reporting's
projection tables with generate_series: the dashboards are read against it (a rebuild from events would
take the benchmark's whole time). Per person: a referral, a case, about six activities (appointments,
procedures, orientations with their outcome, accompaniments, notes), a closure for two in three;
per year: 300 outreach actions. (What the platform already counted for the tenant stays, facts added to it.)"""

from __future__ import annotations

import asyncpg

PERSONS_A_YEAR, YEARS = 1_500, 10

CASES = """
INSERT INTO reporting.case_facts (case_id, tenant_id, beneficiary_pid, opened_on, referral_id, referral_submitted_at)
SELECT md5($1 || n)::uuid, $1, md5($1 || 'p' || n)::uuid, d, md5($1 || 'r' || n)::uuid, d - 3
FROM (SELECT n, ($2::date + (n * 3650 / $3) * interval '1 day')::date AS d FROM generate_series(1, $3) n) s
"""
REFERRALS = """
INSERT INTO reporting.referral_facts (referral_id, tenant_id, source, reasons, difficulties, received_on, decision,
                                      decided_on)
SELECT referral_id, tenant_id, 'professional', ARRAY['rights_access'], ARRAY['isolation'], opened_on - 3, 'accepted',
       opened_on
FROM reporting.case_facts WHERE tenant_id = $1
ON CONFLICT DO NOTHING
"""
ACTIVITIES = """
INSERT INTO reporting.activity_facts (activity_id, tenant_id, case_id, beneficiary_pid, kind, occurred_on, scheme,
                                      channel, partner_name, outcome)
SELECT md5(c.case_id::text || k)::uuid, c.tenant_id, c.case_id, c.beneficiary_pid,
       (ARRAY['appointment', 'appointment', 'procedure', 'orientation', 'accompaniment', 'note'])[k],
       c.opened_on + k * 9,
       CASE WHEN k = 3 THEN 'C2S' END, CASE WHEN k = 3 THEN 'standard' END,
       CASE WHEN k = 4 THEN 'Maison de santé ' || (abs(hashtext(c.case_id::text)) % 40) END,
       CASE WHEN k = 4 THEN 'followed' END
FROM reporting.case_facts c, generate_series(1, 6) k WHERE c.tenant_id = $1
ON CONFLICT DO NOTHING
"""
CLOSURES = """
INSERT INTO reporting.closure_facts (event_id, tenant_id, case_id, closed_on, closed_at, outcome, satisfaction)
SELECT md5(case_id::text || 'closed')::uuid, tenant_id, case_id, opened_on + 90, now(),
       (ARRAY['improved', 'improved', 'not_improved', 'lost_contact'])[1 + abs(hashtext(case_id::text)) % 4],
       1 + abs(hashtext(case_id::text)) % 5
FROM reporting.case_facts WHERE tenant_id = $1 AND abs(hashtext(case_id::text)) % 3 > 0
ON CONFLICT DO NOTHING
"""
ACTIONS = """
INSERT INTO reporting.outreach_action_facts (action_id, tenant_id, kind, occurred_on, people_met, people_redirected,
                                             themes)
SELECT md5($1 || 'a' || n)::uuid, $1,
       (ARRAY['street_outreach', 'drop_in', 'collective_action', 'event', 'partner_meeting'])[1 + n % 5],
       ($2::date + (n * 3650 / $3) * interval '1 day')::date, 5 + n % 30, n % 4, ARRAY['nutrition']
FROM generate_series(1, $3) n
"""


async def write(database_url: str, tenants: list[str], first_day) -> int:
    """Each tenant's ten years; returns how many facts were written."""
    conn = await asyncpg.connect(database_url)
    try:
        for tenant in tenants:
            await conn.execute(CASES, tenant, first_day, PERSONS_A_YEAR * YEARS)
            for statement in (REFERRALS, ACTIVITIES, CLOSURES):
                await conn.execute(statement, tenant)
            await conn.execute(ACTIONS, tenant, first_day, 300 * YEARS)
        await conn.execute("ANALYZE")
        tables = ("case_facts", "referral_facts", "activity_facts", "closure_facts", "outreach_action_facts")
        return sum([await conn.fetchval(f"SELECT count(*) FROM reporting.{t}") for t in tables])
    finally:
        await conn.close()
