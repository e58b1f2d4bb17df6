"""The interactive API documentation, served offline (issue 19.3): ``/docs`` (Swagger UI, Apache-2.0)
loads its script and styles from the installed ``fastapi-offline`` package's static files, never
from a CDN, and starts from a script file of this package, so the page carries the same
``default-src 'self'`` Content-Security-Policy as the web UI and a browser refuses any outside
request it might try. There is no ``/redoc``: ReDoc's page loads its logo from outside.

Fails closed: an asset name outside the fixed list answers 404; if the package's files are missing
the asset routes answer 404 and the page stays blank rather than reaching outside.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse, Response

ASSETS = {  # name -> media type; the only files served from the package
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon.png": "image/png",
}
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "worker-src 'self' blob:; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
       "form-action 'self'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}

SWAGGER_INIT = """window.ui = SwaggerUIBundle({
  url: "/openapi.json", dom_id: "#swagger-ui", layout: "BaseLayout", deepLinking: true,
  validatorUrl: null, persistAuthorization: false, displayRequestDuration: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset]
});
"""


def _page(title: str, body: str, styles: str = "") -> HTMLResponse:
    html = (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{title}</title><link rel="icon" href="/docs/assets/favicon.png">{styles}'
            f'</head><body>{body}</body></html>')
    return HTMLResponse(html, headers=HEADERS)


def _asset(name: str) -> bytes | None:
    if name not in ASSETS:
        return None
    try:
        return (resources.files("fastapi_offline") / "static" / name).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return None


router = APIRouter(include_in_schema=False)


@router.get("/docs")
def swagger_ui() -> HTMLResponse:
    return _page("Sargas API", '<div id="swagger-ui"></div>'
                 '<script src="/docs/assets/swagger-ui-bundle.js"></script>'
                 '<script src="/docs/init/swagger.js"></script>',
                 '<link rel="stylesheet" href="/docs/assets/swagger-ui.css">')


@router.get("/docs/init/{name}.js")
def init_script(name: str) -> Response:
    script = {"swagger": SWAGGER_INIT}.get(name)
    if script is None:
        return Response(status_code=404)
    return Response(script, media_type="text/javascript", headers=HEADERS)


@router.get("/docs/assets/{name}")
def asset(name: str) -> Response:
    data = _asset(name)
    if data is None:
        return Response(status_code=404)
    return Response(data, media_type=ASSETS[name],
                    headers={**HEADERS, "Cache-Control": "public, max-age=86400"})


def install(app: FastAPI) -> None:
    """Serve the documentation page (the app is created with ``docs_url=None, redoc_url=None``)."""
    app.include_router(router)
