build-fuzz/lib/forms.o: lib/forms.cc lib/forms.h lib/request.h \
  lib/exchange.h lib/result.h

lib/forms.h:

lib/request.h:

lib/exchange.h:

lib/result.h:
