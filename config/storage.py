"""Static file storage for production.

Whitenoise's compressed manifest storage fails on viewflow's bundled CSS, which refers to
a font file the package does not ship. Non-strict mode keeps such a reference as written
instead of aborting collectstatic; every file we ship ourselves is still hashed.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            # A reference to a file that is missing from a third-party package.
            return name
