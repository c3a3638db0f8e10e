build-fuzz/lib/reset_mail.o: lib/reset_mail.cc lib/reset_mail.h \
  lib/config.h lib/result.h lib/token.h lib/json.h lib/mail.h \
  lib/render.h lib/flash.h lib/request.h lib/exchange.h lib/response.h \
  lib/forms.h

lib/reset_mail.h:

lib/config.h:

lib/result.h:

lib/token.h:

lib/json.h:

lib/mail.h:

lib/render.h:

lib/flash.h:

lib/request.h:

lib/exchange.h:

lib/response.h:

lib/forms.h:
