build-fuzz/lib/mail.o: lib/mail.cc lib/mail.h lib/result.h lib/crypto.h

lib/mail.h:

lib/result.h:

lib/crypto.h:
