build-fuzz/lib/session.o: lib/session.cc lib/session.h lib/request.h \
  lib/exchange.h lib/result.h lib/response.h lib/token.h lib/json.h \
  lib/reset_token.h

lib/session.h:

lib/request.h:

lib/exchange.h:

lib/result.h:

lib/response.h:

lib/token.h:

lib/json.h:

lib/reset_token.h:
