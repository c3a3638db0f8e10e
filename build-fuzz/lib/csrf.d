build-fuzz/lib/csrf.o: lib/csrf.cc lib/csrf.h lib/request.h \
  lib/exchange.h lib/result.h lib/response.h lib/token.h lib/json.h \
  lib/crypto.h

lib/csrf.h:

lib/request.h:

lib/exchange.h:

lib/result.h:

lib/response.h:

lib/token.h:

lib/json.h:

lib/crypto.h:
