import { redirect } from "next/navigation";

const AdminHome = () => redirect("/admin/requests");
export default AdminHome;
