// Studio island (upload): filled in by its page.
export {};
