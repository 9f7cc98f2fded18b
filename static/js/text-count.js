// A text box with a most number of characters (maxlength, from the model: core/fields.py) shows how many
// are used, below it, as one types. Without this script the browser still stops at the limit and the
// server says so in Danish; the script only adds the count. The words come from the page (base.html's
// data-text-count, translated there), the numbers in the page's language.
document.addEventListener("DOMContentLoaded", () => {
  const pattern = document.body.dataset.textCount;
  if (!pattern) {
    return;
  }
  const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
  document.querySelectorAll("textarea[maxlength]").forEach((box) => {
    const counter = document.createElement("div");
    counter.id = `${box.id || box.name}-count`;
    counter.className = "form-text text-count";
    const show = () => {
      counter.textContent = pattern
        .replace("{count}", numbers.format(box.value.length))
        .replace("{max}", numbers.format(box.maxLength));
    };
    show();
    box.after(counter);
    box.setAttribute("aria-describedby", [box.getAttribute("aria-describedby"), counter.id].filter(Boolean).join(" "));
    box.addEventListener("input", show);
  });
});
