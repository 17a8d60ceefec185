"""URL path converters: references have one shape, so anything else is a plain 404."""


class ReferenceConverter:
    regex = r"[A-Z]{3}-[A-Z]-[0-9]{4}-[0-9]{4,7}"  # the number: four digits, then more

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
