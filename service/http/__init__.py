"""The HTTP shell: curator sign-in and CSRF (``auth``), signed sessions, security headers, rate
limits, page templating and the typed route dependencies (``deps``). May import the domain
folders; never ``service.routes``."""
