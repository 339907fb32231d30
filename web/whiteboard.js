// A shared whiteboard: boxes, arrows, text and freehand strokes stored as Y.Maps in the round's
// document (array "shapes"), rendered as SVG. Everyone edits the same board; undo takes back
// only your own changes.
import * as Y from "yjs";

const SVG = "http://www.w3.org/2000/svg";
let counter = 0;

function element(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

/** Draws shapes (Y.Maps, or plain objects in the replay) into an SVG. */
export function renderShapes(svg, shapes, selected = null) {
  if (!svg.querySelector("g.shapes")) {
    svg.append(element("defs", {}), element("g", { class: "shapes" }));
    svg.querySelector("defs").innerHTML = '<marker id="arrowhead" markerWidth="10" markerHeight="7" refX="10" refY="3.5" orient="auto"><polygon points="0 0, 10 3.5, 0 7"></polygon></marker>';
  }
  render(svg, shapes.map((shape) => (shape instanceof Y.Map ? shape : new Map(Object.entries(shape)))), selected);
}

function render(svg, shapes, selected) {
  const layer = svg.querySelector("g.shapes");
  layer.replaceChildren();
  shapes.forEach((shape, index) => {
    const kind = shape.get("kind");
    const common = { "data-index": index, class: `shape ${selected === index ? "selected" : ""}` };
    let node;
    if (kind === "box") {
      node = element("rect", { ...common, x: shape.get("x"), y: shape.get("y"), width: shape.get("w"), height: shape.get("h"), rx: 6 });
    } else if (kind === "arrow") {
      node = element("line", { ...common, x1: shape.get("x"), y1: shape.get("y"), x2: shape.get("x2"), y2: shape.get("y2"), "marker-end": "url(#arrowhead)" });
    } else if (kind === "text") {
      node = element("text", { ...common, x: shape.get("x"), y: shape.get("y") });
      node.textContent = shape.get("text");
    } else if (kind === "pen") {
      node = element("polyline", { ...common, points: shape.get("points") });
    }
    if (node) layer.append(node);
  });
}

function point(svg, event) {
  const box = svg.getBoundingClientRect();
  return { x: Math.round(event.clientX - box.left), y: Math.round(event.clientY - box.top) };
}

/** Mounts the board in `parent` (a container with a toolbar of [data-tool] buttons). */
export function mountWhiteboard(workspace, parent) {
  const shapes = workspace.ydoc.getArray("shapes");
  const undoManager = new Y.UndoManager(shapes);
  const svg = parent.querySelector("svg");
  renderShapes(svg, []);
  let tool = "box";
  let selected = null;
  let drag = null;
  const redraw = () => render(svg, shapes.toArray(), selected);
  shapes.observeDeep(redraw);

  parent.addEventListener("click", (event) => {
    const button = event.target.closest("[data-tool]");
    if (!button) return;
    const action = button.dataset.tool;
    if (action === "undo") return undoManager.undo();
    if (action === "redo") return undoManager.redo();
    if (action === "delete") {
      if (selected !== null && selected < shapes.length) shapes.delete(selected, 1);
      selected = null;
      return redraw();
    }
    tool = action;
    for (const b of parent.querySelectorAll("[data-tool]")) b.setAttribute("aria-pressed", String(b === button));
  });

  svg.addEventListener("pointerdown", (event) => {
    const at = point(svg, event);
    const hit = event.target.closest(".shape");
    if (tool === "select") {
      selected = hit ? Number(hit.dataset.index) : null;
      drag = hit ? { index: selected, from: at } : null;
      return redraw();
    }
    if (tool === "text") {
      const text = window.prompt("Text for the board");
      if (text) shapes.push([new Y.Map(Object.entries({ kind: "text", x: at.x, y: at.y, text, id: `${Date.now()}-${counter++}` }))]);
      return;
    }
    const initial = tool === "pen" ? { kind: "pen", points: `${at.x},${at.y}` }
      : tool === "arrow" ? { kind: "arrow", x: at.x, y: at.y, x2: at.x, y2: at.y }
      : { kind: "box", x: at.x, y: at.y, w: 1, h: 1 };
    const shape = new Y.Map(Object.entries({ ...initial, id: `${Date.now()}-${counter++}` }));
    shapes.push([shape]);
    drag = { index: shapes.length - 1, from: at, creating: true };
    svg.setPointerCapture(event.pointerId);
  });

  svg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const at = point(svg, event);
    const shape = shapes.get(drag.index);
    if (!shape) return;
    workspace.ydoc.transact(() => {
      const kind = shape.get("kind");
      if (!drag.creating) {
        const dx = at.x - drag.from.x;
        const dy = at.y - drag.from.y;
        drag.from = at;
        if (kind === "pen") {
          shape.set("points", shape.get("points").split(" ").map((p) => p.split(",").map(Number)).map(([x, y]) => `${x + dx},${y + dy}`).join(" "));
        } else {
          shape.set("x", shape.get("x") + dx);
          shape.set("y", shape.get("y") + dy);
          if (kind === "arrow") { shape.set("x2", shape.get("x2") + dx); shape.set("y2", shape.get("y2") + dy); }
        }
      } else if (kind === "pen") {
        shape.set("points", `${shape.get("points")} ${at.x},${at.y}`);
      } else if (kind === "arrow") {
        shape.set("x2", at.x);
        shape.set("y2", at.y);
      } else {
        shape.set("x", Math.min(at.x, drag.from.x));
        shape.set("y", Math.min(at.y, drag.from.y));
        shape.set("w", Math.max(1, Math.abs(at.x - drag.from.x)));
        shape.set("h", Math.max(1, Math.abs(at.y - drag.from.y)));
      }
    });
  });

  svg.addEventListener("pointerup", () => { drag = null; });
  redraw();
  return { shapes, undoManager };
}
