from django.urls import path

from . import mou_views, reference_views, report_views, views

app_name = "logistics"

urlpatterns = [
    path("", views.inventory, name="inventory"),
    path("inventory.<str:fmt>", views.inventory_export, name="inventory_export"),
    path("import/", views.inventory_import, name="import"),
    path("inventory-template.xlsx", views.inventory_template, name="import_template"),
    path("serviceability/", report_views.serviceability, name="serviceability"),
    path(
        "serviceability.<str:fmt>", report_views.serviceability_export, name="serviceability_export"
    ),
    path("units/<int:pk>/", views.unit_logistics, name="unit"),
    path("units/<int:pk>/items/new/", views.item_add, name="item_add"),
    path("units/<int:pk>/inspections/new/", views.inspection_add, name="inspection_add"),
    path("units/<int:pk>/mou/new/", mou_views.mou_add, name="mou_add"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("load-lists/", views.load_lists, name="load_lists"),
    path("load-lists/export.<str:fmt>", views.load_list_export, name="load_list_export"),
    path("load-lists/<int:pk>/", views.load_list_detail, name="load_list"),
    path("load-lists/<int:pk>/load-list.pdf", views.load_list_pdf, name="load_list_pdf"),
    path("load-lists/<int:pk>/lines/new/", views.load_entry_add, name="load_entry_add"),
    path("rotations/<int:pk>/load-lists/new/", views.load_list_add, name="load_list_add"),
    path("rotations/<int:pk>/reimbursement/", mou_views.reimbursement, name="reimbursement"),
    path("rotations/<int:pk>/payments/new/", mou_views.payment_add, name="payment_add"),
    path("mou/<int:pk>/", mou_views.mou_detail, name="mou"),
    path("mou/<int:pk>/mou.<str:fmt>", mou_views.mou_export, name="mou_export"),
    path("mou/<int:pk>/annex-<str:annex>/new/", mou_views.mou_line_add, name="mou_line_add"),
    path("mou/<int:pk>/annex-<str:annex>/<int:line>/", mou_views.mou_line_edit, name="mou_line"),
    path(
        "mou/<int:pk>/annex-<str:annex>/<int:line>/delete/",
        mou_views.mou_line_delete,
        name="mou_line_delete",
    ),
    path("rates/", reference_views.rates, name="rates"),
    path("rates.<str:fmt>", reference_views.rates_export, name="rates_export"),
    path("rates/new/", reference_views.rate_add, name="rate_add"),
    path("rates/<int:pk>/", reference_views.rate_edit, name="rate"),
    path("personnel-rates/", reference_views.personnel_rates, name="personnel_rates"),
    path("personnel-rates/new/", reference_views.personnel_rate_add, name="personnel_rate_add"),
    path("personnel-rates/<int:pk>/", reference_views.personnel_rate_edit, name="personnel_rate"),
    path("factors/", reference_views.factors, name="factors"),
    path("factors/new/", reference_views.factor_add, name="factor_add"),
    path("factors/<int:pk>/", reference_views.factor_edit, name="factor"),
    path("policy/", reference_views.policy, name="policy"),
]
