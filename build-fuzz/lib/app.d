build-fuzz/lib/app.o: lib/app.cc lib/app.h lib/config.h lib/result.h \
  lib/token.h lib/json.h lib/database.h lib/render.h lib/flash.h \
  lib/request.h lib/exchange.h lib/response.h lib/forms.h \
  lib/spent_tokens.h lib/throttle.h lib/users.h lib/cgi_exchange.h \
  lib/csrf.h lib/fcgi_exchange.h lib/reset_token.h lib/session.h

lib/app.h:

lib/config.h:

lib/result.h:

lib/token.h:

lib/json.h:

lib/database.h:

lib/render.h:

lib/flash.h:

lib/request.h:

lib/exchange.h:

lib/response.h:

lib/forms.h:

lib/spent_tokens.h:

lib/throttle.h:

lib/users.h:

lib/cgi_exchange.h:

lib/csrf.h:

lib/fcgi_exchange.h:

lib/reset_token.h:

lib/session.h:
