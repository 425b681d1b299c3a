"""HTTP routes, thin: parse the request, call one domain function, shape the response. Every
HTML page and its JSON twin call the same function. Services arrive as typed dependencies
(``service.http.deps``)."""
