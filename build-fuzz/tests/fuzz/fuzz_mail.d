build-fuzz/tests/fuzz/fuzz_mail.o: tests/fuzz/fuzz_mail.cc lib/mail.h \
  lib/result.h

lib/mail.h:

lib/result.h:
