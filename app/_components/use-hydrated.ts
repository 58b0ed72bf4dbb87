"use client";
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server's HTML and until React has hydrated the page, then true. A form's submit
 * button waits for it: a click before hydration would submit the plain HTML form, and a box ticked
 * before hydration is not yet in React's state.
 */
export const useHydrated = () =>
  useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
