build-fuzz/lib/render.o: lib/render.cc lib/render.h lib/flash.h \
  lib/request.h lib/exchange.h lib/result.h lib/response.h lib/token.h \
  lib/json.h lib/forms.h

lib/render.h:

lib/flash.h:

lib/request.h:

lib/exchange.h:

lib/result.h:

lib/response.h:

lib/token.h:

lib/json.h:

lib/forms.h:
