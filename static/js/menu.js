// The main menu is a <details> that works without this script (see base.html). The script adds what a
// disclosure button is expected to do besides: Escape closes the open menu and gives the focus back to its
// button, and a browser that cannot style ::details-content (before Chrome 131, Firefox 143, Safari 18.4)
// gets the menu opened on wide screens, where the CSS hides its button.
document.addEventListener("DOMContentLoaded", () => {
  const menu = document.getElementById("menu");
  if (!menu) {
    return;
  }
  const button = menu.querySelector("summary");
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open && getComputedStyle(button).display !== "none") {
      menu.open = false;
      button.focus();
    }
  });
  if (!CSS.supports("selector(::details-content)")) {
    const wide = window.matchMedia("(min-width: 992px)");
    const follow = () => { if (wide.matches) { menu.open = true; } };
    wide.addEventListener("change", follow);
    follow();
  }
});
