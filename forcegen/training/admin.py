from django.contrib import admin

from .models import Attendance, Certificate, ClassSession, Course, Enrolment, RequiredCourse


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin[Course]):
    list_display = ["code", "title", "category", "hours", "validity_months", "organisation"]
    list_filter = ["organisation", "category"]
    search_fields = ["code", "title"]
    filter_horizontal = ["prerequisites", "required_for"]


class EnrolmentInline(admin.TabularInline[Enrolment, ClassSession]):
    model = Enrolment
    extra = 0
    fields = ["person", "organisation", "status", "score", "remarks"]
    raw_id_fields = ["person"]


@admin.register(ClassSession)
class ClassSessionAdmin(admin.ModelAdmin[ClassSession]):
    list_display = ["course", "reference", "starts_on", "ends_on", "status", "capacity"]
    list_filter = ["organisation", "status"]
    list_select_related = ["course"]
    raw_id_fields = ["instructors"]
    inlines = [EnrolmentInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin[Enrolment]):
    list_display = ["person", "session", "organisation", "status", "score"]
    list_filter = ["status", "organisation"]
    list_select_related = ["person", "session__course", "organisation"]
    raw_id_fields = ["person", "session"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin[Attendance]):
    list_display = ["enrolment", "day", "mark"]
    raw_id_fields = ["enrolment"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin[Certificate]):
    list_display = ["number", "person", "course", "issued_on", "valid_until", "revoked_at"]
    list_filter = ["organisation", "course"]
    list_select_related = ["person", "course"]
    search_fields = ["number", "person__full_name"]
    raw_id_fields = ["enrolment", "person"]
    readonly_fields = ["verification_code"]


@admin.register(RequiredCourse)
class RequiredCourseAdmin(admin.ModelAdmin[RequiredCourse]):
    list_display = ["requirement", "course"]
    list_select_related = ["requirement", "course"]
