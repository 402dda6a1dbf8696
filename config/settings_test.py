"""The test suite runs the production settings, with a fixed secret key supplied."""

import os

os.environ.setdefault("FORCEGEN_SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")

from config.settings import *  # noqa: F403

# Hashing demo passwords at full strength would dominate the suite's run time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
