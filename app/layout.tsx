import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { connection } from "next/server";
import "./globals.css";
import "./fonts.css";

export const metadata: Metadata = {
  title: "Reelmaker — turn your photos into a video",
  description: "Upload photos, write captions, and get an MP4 to keep and share.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#be123c" };

const navLink =
  "rounded-lg px-3 py-2 text-sm font-semibold text-stone-700 hover:bg-stone-100 hover:text-stone-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600";

export default async function RootLayout({ children }: LayoutProps<"/">) {
  // Every page renders per request: its scripts carry that answer's CSP
  // nonce (proxy.ts), which a page built ahead of time cannot have.
  await connection();
  return (
    <html lang="en" className="h-full antialiased">
      <body className="flex min-h-full flex-col bg-stone-50 text-stone-900">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-[60] focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:font-semibold focus:shadow-lg focus:ring-2 focus:ring-rose-600"
        >
          Skip to content
        </a>
        <header className="border-b border-stone-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center justify-between gap-2 px-4 py-2.5">
            <Link
              href="/"
              className="flex items-center gap-2 rounded-lg text-lg font-bold tracking-tight text-rose-700 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600"
            >
              <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="currentColor">
                <rect x="2" y="5" width="15" height="14" rx="3" />
                <path d="M18 10l4-2.5v9L18 14z" />
              </svg>
              Reelmaker
            </Link>
            <div className="flex items-center gap-1">
              <Link href="/editor" className={navLink}>
                Make a video
              </Link>
              <Link href="/videos" className={navLink}>
                My videos
              </Link>
            </div>
          </nav>
        </header>
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:py-8">
          {children}
        </main>
      </body>
    </html>
  );
}
