# The app servers (gunicorn), spread round robin; each is taken out while /healthz fails.
# Tests and `make bench` write their own backends.vcl (found first on vcl_path).
import directors;

probe healthz {
    # The Host must be one of ALLOWED_HOSTS.
    .request = "GET /healthz HTTP/1.1" "Host: localhost" "Connection: close";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
}

backend app1 { .host = "10.0.0.11"; .port = "8000"; .probe = healthz; }
backend app2 { .host = "10.0.0.12"; .port = "8000"; .probe = healthz; }

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}

sub vcl_recv {
    set req.backend_hint = app.backend();
}
