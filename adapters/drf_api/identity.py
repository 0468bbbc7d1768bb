"""Register, verify, log in, refresh, and who am I."""

from __future__ import annotations

from dependency_injector.wiring import Provide, inject
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import RefreshToken

from adapters.drf_api import serializers as s
from adapters.drf_api.throttling import LoginRateThrottle
from adapters.drf_api.tokens import refresh_token_for
from application import identity
from domain.errors import AuthenticationError


class RegisterView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=s.RegisterSerializer, responses={201: s.UserSerializer})
    @inject
    def post(
        self,
        request: Request,
        register: identity.RegisterUser = Provide["register_user"],
    ) -> Response:
        data = s.validated(s.RegisterSerializer, request)
        user = register(data["email"], data["password"])
        return Response(s.UserSerializer(user).data, status=status.HTTP_201_CREATED)


class VerifyEmailView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=s.VerifyEmailSerializer, responses={200: s.DetailSerializer})
    @inject
    def post(
        self,
        request: Request,
        verify: identity.VerifyEmail = Provide["verify_email"],
    ) -> Response:
        verify(s.validated(s.VerifyEmailSerializer, request)["token"])
        return Response({"detail": "Email verified."})


class ResendVerificationView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=s.ResendVerificationSerializer, responses={202: s.DetailSerializer}
    )
    @inject
    def post(
        self,
        request: Request,
        resend: identity.ResendVerification = Provide["resend_verification"],
    ) -> Response:
        resend(s.validated(s.ResendVerificationSerializer, request)["email"])
        return Response(
            {"detail": "If the account needs verifying, an email is on its way."},
            status=status.HTTP_202_ACCEPTED,
        )


class TokenObtainView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle]

    @extend_schema(
        request=s.CredentialsSerializer,
        responses={200: s.TokenPairSerializer, 401: s.DetailSerializer},
    )
    @inject
    def post(
        self, request: Request, log_in: identity.LogIn = Provide["log_in"]
    ) -> Response:
        data = s.validated(s.CredentialsSerializer, request)
        refresh = refresh_token_for(log_in(data["email"], data["password"]))
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)})


class TokenRefreshView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=s.RefreshSerializer,
        responses={200: s.AccessTokenSerializer, 401: s.DetailSerializer},
    )
    @inject
    def post(
        self,
        request: Request,
        confirm: identity.ConfirmActiveUser = Provide["confirm_active_user"],
    ) -> Response:
        raw = s.validated(s.RefreshSerializer, request)["refresh"]
        try:
            user_id = RefreshToken(raw).payload[api_settings.USER_ID_CLAIM]
        except (TokenError, KeyError):
            user_id = None
        if not isinstance(user_id, int):
            raise AuthenticationError("Token is invalid or expired.")
        # Claims come from the user as they are now, not as they were when
        # the refresh token was issued: a demoted staff member loses is_staff.
        fresh = refresh_token_for(confirm(user_id))
        return Response({"access": str(fresh.access_token)})


class MeView(APIView):
    @extend_schema(responses={200: s.MeSerializer})
    def get(self, request: Request) -> Response:
        return Response(s.MeSerializer(request.user).data)
