"""The agency record: ``cards/<agency>/_agency.yaml``."""

from __future__ import annotations

from .common import Source, Strict, label
from .types import Bool, Digits, Email, Handle, Line, Phone, Slug, Text, Url


class Agency(Strict):
    """دستگاه اجرایی ارائه‌دهندهٔ خدمت یا صادرکنندهٔ مجوز."""

    slug: Slug = label("شناسه دستگاه", required=True)
    """شناسهٔ لاتین دستگاه؛ برابر با نام پوشه، مانند sabteahval."""
    name: Line = label("نام دستگاه اجرایی", form=True, required=True)
    """نام کامل دستگاه اجرایی."""
    parent: Line | None = label("نام دستگاه مادر", shown="دستگاه مادر", form=True)
    """دستگاه مافوق: شناسهٔ یک دستگاه ثبت‌شده یا نام آن به فارسی؛ هرگز خود دستگاه."""
    code: Digits | None = label("کد دستگاه")
    """کد عددی دستگاه، در گیومه."""
    website: Url | None = label("وبگاه")
    """نشانی وبگاه دستگاه (http یا https)."""
    province: Line | None = label("استان")
    """استان، برای دستگاه‌های استانی."""
    maintainers: list[Handle] | None = label("نگه‌دارندگان")
    """شناسه‌های کاربری یا گروه‌هایی که شناسنامه‌های این دستگاه را نگه می‌دارند (برای CODEOWNERS)."""
    sample: Bool | None = label("دادهٔ نمونه")
    """true برای دستگاه نمونه در داده‌های آزمایشی."""
    address: Text | None = label("نشانی")
    """نشانی پستی محل مراجعهٔ مردم به دستگاه."""
    phone: Phone | None = label("تلفن")
    """شمارهٔ تلفن پاسخ‌گویی به مردم، با رقم لاتین (مانند "021-88115831")."""
    email: Email | None = label("پست الکترونیک")
    """نشانی پست الکترونیک پاسخ‌گویی به مردم."""
    hours: Line | None = label("ساعات پاسخ‌گویی")
    """ساعات کاری یا پاسخ‌گویی، مانند «شنبه تا چهارشنبه، ۸ تا ۱۴»."""
    map_url: Url | None = label("نقشه")
    """پیوند محل دستگاه روی نقشه (http یا https)."""
    sources: list[Source] | None = label("منبع")
    """صفحه‌های منتشرشده‌ای که اطلاعات دستگاه از آن‌ها برداشته شده است، با تاریخ برداشت."""
