"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

export function RetryButton({ orderId }: { orderId: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  async function retry() {
    const response = await fetch(`/api/admin/jobs/${orderId}/retry`, { method: "POST" });
    if (response.ok) router.refresh();
    else setMessage(`Retry failed (${response.status})`);
  }
  return (
    <>
      <button type="button" onClick={retry} className="rounded border border-stone-300 px-2 py-1">Retry</button>
      {message && <span role="alert" className="ml-2 text-red-700">{message}</span>}
    </>
  );
}
