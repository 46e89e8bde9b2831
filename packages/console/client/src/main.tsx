import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ElementsView } from "./ElementsView";
import { ObjectsView } from "./ObjectsView";
import "./style.css";

/** `#/elements/<fullName>`, `#/new/<Type>`, `#/objects/<storage>/<folder>`: the address names the screen, so Back works. */
function useRoute(): string[] {
  const read = () => location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

function App() {
  const [screen = "elements", ...rest] = useRoute();
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header>
        <h1>Elemental console</h1>
        <nav aria-label="Screens">
          <a href="#/elements" aria-current={screen !== "objects" ? "page" : undefined}>
            Elements
          </a>
          <a href="#/objects" aria-current={screen === "objects" ? "page" : undefined}>
            Objects
          </a>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {screen === "objects" ? <ObjectsView storage={rest[0]} folder={rest.slice(1).join("/")} /> : <ElementsView screen={screen} target={rest.join("/")} />}
      </main>
    </>
  );
}

render(<App />, document.getElementById("root") as HTMLElement);
