from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No autofocus: the skip link and the page's heading come first for keyboard and screen-reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        # Django gives the username's length to the widget only: a longer one would be tried, and recorded
        # as a failed login in columns that do not hold it (the lockout's, the audit log's).
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
