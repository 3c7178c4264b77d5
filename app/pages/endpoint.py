"""One link page: GET shows the form for a usable link, POST uses it and shows the outcome."""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import Response

from app.errors import ErrorCode, UserError
from app.pages import csrf
from app.pages.flows import Found, LinkPage
from app.pages.render import page, paragraph, password_form
from app.settings import Settings

# A form of two passwords and two tokens; anything much larger is not ours.
MAX_FORM_BYTES = 16 * 1024
_DEAD_LINK = {ErrorCode.INVALID_TOKEN, ErrorCode.TOKEN_EXPIRED}
_STATUS = {ErrorCode.TOO_MANY_ATTEMPTS: 429}


class LinkEndpoint:
    """The ASGI endpoint of one LinkPage at its path."""

    def __init__(self, flow: LinkPage, settings: Settings) -> None:
        self.flow = flow
        self.settings = settings

    async def handle(self, request: Request) -> Response:
        if request.method == "POST":
            return await self.post(request)
        return await self.get(request)

    async def get(self, request: Request) -> Response:
        token = request.query_params.get("token", "")
        try:
            found = await self.flow.find(token)
        except UserError as error:
            return self._dead_link(error)
        return self._form(request, token, found, [])

    async def post(self, request: Request) -> Response:
        form = await _read_form(request)
        if form is None:
            return page("Form too large", paragraph("This form is too large."), None, 413)
        if not csrf.same_origin(request, self.settings.public_url) or not csrf.token_matches(
            request, form.get(csrf.FIELD, "")
        ):
            return _refused()
        token, password = form.get("token", ""), form.get("password", "")
        try:
            found = await self.flow.find(token)
        except UserError as error:
            return self._dead_link(error)
        if password != form.get("repeat", ""):
            return self._form(request, token, found, ["The two passwords differ."], 400)
        try:
            await self.flow.use(token, password, self.settings, _address(request))
        except UserError as error:
            codes = {e.code for e in error.errors}
            if codes & _DEAD_LINK:
                return self._dead_link(error)
            status = max((_STATUS.get(c, 400) for c in codes), default=400)
            return self._form(request, token, found, [e.message for e in error.errors], status)
        done = self.flow.done.format(firm=found.firm_name, email=found.email)
        return page(self.flow.done_title, paragraph(done, "done"), found.firm_name)

    def _form(
        self, request: Request, token: str, found: Found, errors: list[str], status: int = 200
    ) -> Response:
        secret = csrf.token_for(request)
        flow = self.flow
        intro = flow.intro.format(email=found.email)
        if found.name:
            intro = f"Hello {found.name}. {intro}"
        content = password_form(flow.path, intro, flow.button, token, secret, errors)
        response = page(flow.title, content, found.firm_name, status)
        csrf.set_cookie(response, request, secret)
        return response

    def _dead_link(self, error: UserError) -> Response:
        expired = any(e.code == ErrorCode.TOKEN_EXPIRED for e in error.errors)
        title = "This link has expired" if expired else "This link does not work any more"
        content = paragraph(
            "It may have been used already, or replaced by a newer one."
            if not expired
            else "Links in these emails work only for a while."
        ) + paragraph(self.flow.dead_link_help)
        return page(title, content, None, 410 if expired else 404)


def _refused() -> Response:
    text = (
        "This form could not be checked: it was sent from another site, or your browser "
        "keeps no cookies for this one. Open the link from your email again and send the "
        "form from that page."
    )
    return page("The form was refused", paragraph(text), None, 403)


async def _read_form(request: Request) -> dict[str, str] | None:
    """The url-encoded form's first value per field; None when it is over MAX_FORM_BYTES."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
    fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {name: values[0] for name, values in fields.items()}


def _address(request: Request) -> str:
    """The caller's IP address, as the GraphQL context reads it (rate limits key on it)."""
    return request.client.host if request.client else "unknown"
