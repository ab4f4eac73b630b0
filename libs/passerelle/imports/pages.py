"""« Importer un historique », for coordinators: a spreadsheet of one of the service's layouts, checked
row by row, then imported in the background once confirmed. Each service that imports mounts the
router `import_router` makes with its own import class and importers (templates: import*.html)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import defer
from starlette.datastructures import UploadFile

from passerelle import clock
from passerelle.errors import NotFound
from passerelle.http.deps import DatabaseDep
from passerelle.imports.jobs import CHECKED, ImportJob
from passerelle.imports.layouts import RowError
from passerelle.imports.runner import Importer, confirm
from passerelle.imports.tables import UnreadableFile, read_table
from passerelle.web.pages import CoordinatorPage, render

RECENT = 10


def import_router(jobs: type[ImportJob], importers: dict[str, Importer]) -> APIRouter:
    router = APIRouter(prefix="/import", include_in_schema=False)

    @router.get("")
    async def import_page(request: Request, principal: CoordinatorPage, db: DatabaseDep):
        return await _page(request, principal, db)

    @router.get("/modele/{layout}.csv")
    async def template(layout: str, _principal: CoordinatorPage):
        if layout not in importers:
            return Response("Modèle inconnu", status_code=404)
        return Response(
            importers[layout].layout.template_csv(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="modele-{layout}.csv"'},
        )

    @router.post("")
    async def upload(request: Request, principal: CoordinatorPage, db: DatabaseDep):
        form = await request.form()
        layout, sent = str(form.get("modele", "")), form.get("fichier")
        if layout not in importers:
            return await _page(request, principal, db, 422, problem="Choisissez le modèle du fichier.")
        if not isinstance(sent, UploadFile) or not sent.filename:
            return await _page(request, principal, db, 422, problem="Choisissez le fichier à importer.")
        try:
            rows = read_table(sent.filename, await sent.read())
        except UnreadableFile as exc:
            return await _page(request, principal, db, 422, problem=str(exc))
        if not rows:
            return await _page(request, principal, db, 422, problem="Le fichier n'a aucune ligne sous ses en-têtes.")
        header_errors = importers[layout].layout.check_headers(rows[0][1])
        job = jobs(
            id=uuid.uuid4(),
            tenant_id=principal.own_tenant,
            layout=layout,
            filename=sent.filename[:200],
            uploaded_by=principal.subject,
            uploaded_at=clock.now(),
            rows=[] if header_errors else [[line, row] for line, row in rows],
            total=len(rows),
            errors=[[e.row, e.column, e.message] for e in header_errors],
        )
        if header_errors:  # nothing to check row by row: the file does not follow the layout
            job.status = CHECKED
        async with db.unit_of_work(tenant=principal.tenant) as uow:
            uow.session.add(job)
            await uow.commit()
        return RedirectResponse(f"{request.scope.get('root_path', '')}/import/{job.id}", status_code=303)

    @router.get("/{job_id}")
    async def job_page(request: Request, job_id: uuid.UUID, principal: CoordinatorPage, db: DatabaseDep):
        async with db.unit_of_work(tenant=principal.tenant) as uow:  # polled every 2 s: not the file's rows
            job = await uow.session.scalar(select(jobs).where(jobs.id == job_id).options(defer(jobs.rows)))
        if job is None:
            raise NotFound("import")
        errors = [str(RowError(line, column, message)) for line, column, message in job.errors]
        name = "import_progres.html" if request.headers.get("HX-Request") else "import_suivi.html"
        return render(request, name, job=job, layout=importers[job.layout].layout, errors=errors)

    @router.post("/{job_id}/confirmer")
    async def confirm_import(request: Request, job_id: uuid.UUID, principal: CoordinatorPage, db: DatabaseDep):
        async with db.unit_of_work(tenant=principal.tenant) as uow:
            job = await uow.get(jobs, job_id, what="import")
            if job.confirmable:
                confirm(job)
                await uow.commit()
        return RedirectResponse(f"{request.scope.get('root_path', '')}/import/{job_id}", status_code=303)

    async def _page(request, principal, db, status_code: int = 200, **context):
        async with db.unit_of_work(tenant=principal.tenant) as uow:
            latest = select(jobs).options(defer(jobs.rows)).order_by(jobs.uploaded_at.desc()).limit(RECENT)
            recent = list(await uow.session.scalars(latest))
        layouts = [importer.layout for importer in importers.values()]
        return render(request, "import.html", status_code, recent=recent, layouts=layouts, **context)

    return router
