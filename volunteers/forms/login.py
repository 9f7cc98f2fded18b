from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No autofocus: the skip link and the page's heading come first for keyboard and screen-reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
