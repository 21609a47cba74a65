/**
 * A small accessibility checker for the public booking pages, run by the
 * tours (axe-core is not available): the page's language, a label for every
 * form control, a name for every link and button, alternative text for
 * every image, headings starting at h1 without skipping a level, a legend
 * for every fieldset, the contrast of every text against its background
 * (WCAG AA: 4.5, 3 for large text), a phone-sized screen with nothing wider
 * than it.
 */

function parseColor(value) {
    const match = value && value.match(/rgba?\(([^)]+)\)/);
    if (!match) {
        return null;
    }
    const parts = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
}

function luminance({ r, g, b }) {
    const channel = (c) => {
        const v = c / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function blend(top, bottom) {
    const a = top.a;
    return {
        r: top.r * a + bottom.r * (1 - a),
        g: top.g * a + bottom.g * (1 - a),
        b: top.b * a + bottom.b * (1 - a),
        a: 1,
    };
}

/** The opaque background behind ``element``: its ancestors' backgrounds blended, white at the bottom. */
function backgroundOf(element) {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
        const color = parseColor(getComputedStyle(node).backgroundColor);
        if (color && color.a > 0) {
            layers.push(color);
            if (color.a >= 1) {
                break;
            }
        }
    }
    let result = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) {
        result = blend(layer, result);
    }
    return result;
}

function contrast(foreground, background) {
    const [l1, l2] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
    return (l1 + 0.05) / (l2 + 0.05);
}

function isVisible(element) {
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return style.visibility !== "hidden" && style.display !== "none" && box.width > 0 && box.height > 0;
}

function accessibleName(element) {
    const labelledBy = element.getAttribute("aria-labelledby");
    if (labelledBy) {
        return labelledBy
            .split(/\s+/)
            .map((id) => document.getElementById(id)?.textContent || "")
            .join(" ")
            .trim();
    }
    return (
        element.getAttribute("aria-label") ||
        element.textContent.trim() ||
        element.getAttribute("title") ||
        element.querySelector("img[alt]")?.getAttribute("alt") ||
        ""
    ).trim();
}

export function checkAccessibility({ lang = "fr" } = {}) {
    const problems = [];
    const main = document.querySelector("main") || document.body;
    if (document.documentElement.lang !== lang) {
        problems.push(`lang="${document.documentElement.lang}"`);
    }
    for (const input of main.querySelectorAll("input:not([type=hidden]), select, textarea")) {
        const labelled =
            (input.id && document.querySelector(`label[for="${input.id}"]`)?.textContent.trim()) ||
            input.getAttribute("aria-label") ||
            input.getAttribute("aria-labelledby") ||
            input.closest("label");
        if (!labelled) {
            problems.push(`control without a label: ${input.outerHTML}`);
        }
    }
    for (const control of main.querySelectorAll("a[href], button")) {
        if (!accessibleName(control)) {
            problems.push(`link or button without a name: ${control.outerHTML}`);
        }
    }
    for (const image of main.querySelectorAll("img")) {
        if (!image.hasAttribute("alt")) {
            problems.push(`image without alt: ${image.outerHTML}`);
        }
    }
    for (const group of main.querySelectorAll("fieldset")) {
        if (!group.querySelector("legend")?.textContent.trim()) {
            problems.push("fieldset without a legend");
        }
    }
    const headings = [...main.querySelectorAll("h1, h2, h3, h4, h5, h6")];
    if (!headings.length || headings[0].tagName !== "H1") {
        problems.push("the first heading is not an h1");
    }
    let level = 0;
    for (const heading of headings) {
        const current = Number(heading.tagName[1]);
        if (current > level + 1) {
            problems.push(`heading level skipped: h${level} then ${heading.tagName.toLowerCase()}`);
        }
        level = current;
    }
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    const checked = new Set();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (!node.textContent.trim() || checked.has(element) || !isVisible(element)) {
            continue;
        }
        checked.add(element);
        const style = getComputedStyle(element);
        const color = parseColor(style.color);
        if (!color) {
            continue;
        }
        const background = backgroundOf(element);
        const ratio = contrast(blend(color, background), background);
        const size = parseFloat(style.fontSize);
        const bold = Number(style.fontWeight) >= 700;
        const large = size >= 24 || (bold && size >= 18.66);
        if (ratio < (large ? 3 : 4.5)) {
            problems.push(`contrast ${ratio.toFixed(2)} of "${node.textContent.trim().slice(0, 40)}"`);
        }
    }
    if (document.documentElement.scrollWidth > window.innerWidth) {
        problems.push(`wider than the screen: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
    }
    if (window.innerWidth > 400) {
        problems.push(`not a phone-sized screen: ${window.innerWidth}`);
    }
    if (problems.length) {
        throw new Error(`Accessibility: ${problems.join("; ")}`);
    }
}
