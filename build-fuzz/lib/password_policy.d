build-fuzz/lib/password_policy.o: lib/password_policy.cc \
  lib/password_policy.h lib/config.h lib/result.h lib/token.h lib/json.h \
  lib/forms.h lib/request.h lib/exchange.h lib/password.h

lib/password_policy.h:

lib/config.h:

lib/result.h:

lib/token.h:

lib/json.h:

lib/forms.h:

lib/request.h:

lib/exchange.h:

lib/password.h:
