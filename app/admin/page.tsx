import { redirect } from "next/navigation";

// proxy.ts refuses this page without the admin credential.
export default function AdminPage() {
  redirect("/admin/jobs");
}
