build-fuzz/tests/fuzz/fuzz_request.o: tests/fuzz/fuzz_request.cc \
  lib/config.h lib/result.h lib/token.h lib/json.h lib/csrf.h \
  lib/request.h lib/exchange.h lib/response.h lib/flash.h lib/forms.h \
  lib/password_policy.h lib/session.h

lib/config.h:

lib/result.h:

lib/token.h:

lib/json.h:

lib/csrf.h:

lib/request.h:

lib/exchange.h:

lib/response.h:

lib/flash.h:

lib/forms.h:

lib/password_policy.h:

lib/session.h:
